info testdata/malformed/to-node-out-of-range.heapsnapshot
