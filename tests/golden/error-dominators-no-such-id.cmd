dominators testdata/tiny/basic.heapsnapshot --id 99
