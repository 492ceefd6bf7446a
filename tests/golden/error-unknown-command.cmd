nosuch testdata/tiny/basic.heapsnapshot
