top testdata/tiny/basic.heapsnapshot --json
