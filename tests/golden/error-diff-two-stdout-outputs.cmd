diff testdata/malformed/truncated-in-nodes.heapsnapshot testdata/malformed/truncated-in-nodes.heapsnapshot -o text=- -o json=-
