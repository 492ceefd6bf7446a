gate testdata/tiny/basic.heapsnapshot testdata/tiny/basic.heapsnapshot --max-growth lots
