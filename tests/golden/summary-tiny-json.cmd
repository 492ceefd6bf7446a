summary testdata/tiny/basic.heapsnapshot --json
