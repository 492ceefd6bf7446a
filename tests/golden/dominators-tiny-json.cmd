dominators testdata/tiny/basic.heapsnapshot --json
