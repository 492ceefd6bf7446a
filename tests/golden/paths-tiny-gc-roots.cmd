paths testdata/tiny/basic.heapsnapshot --id @3
