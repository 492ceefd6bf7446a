summary testdata/tiny/basic.heapsnapshot -n 2
