top testdata/tiny/basic.heapsnapshot --limit x
