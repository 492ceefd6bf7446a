dominators testdata/tiny/basic.heapsnapshot
