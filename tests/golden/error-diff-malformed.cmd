diff testdata/tiny/basic.heapsnapshot testdata/malformed/unknown-node-type.heapsnapshot
