top testdata/malformed/truncated-in-nodes.heapsnapshot
