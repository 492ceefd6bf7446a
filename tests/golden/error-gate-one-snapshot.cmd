gate testdata/tiny/basic.heapsnapshot
