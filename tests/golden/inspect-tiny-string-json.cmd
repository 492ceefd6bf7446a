inspect testdata/tiny/basic.heapsnapshot --id @11 --json
