top testdata/tiny/basic.heapsnapshot --bogus
