diff testdata/tiny/basic.heapsnapshot testdata/tiny/basic.heapsnapshot.gz
