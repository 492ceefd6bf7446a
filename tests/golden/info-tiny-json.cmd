info testdata/tiny/basic.heapsnapshot --json
