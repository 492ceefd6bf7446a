paths testdata/tiny/basic.heapsnapshot --id
