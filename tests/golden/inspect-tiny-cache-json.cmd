inspect testdata/tiny/basic.heapsnapshot --id 7 --json
