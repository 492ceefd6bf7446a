top testdata/tiny/basic.heapsnapshot
