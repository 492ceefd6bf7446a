info testdata/tiny/basic.heapsnapshot
