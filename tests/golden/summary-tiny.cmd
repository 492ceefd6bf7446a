summary testdata/tiny/basic.heapsnapshot
