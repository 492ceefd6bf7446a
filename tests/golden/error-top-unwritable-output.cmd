top testdata/malformed/truncated-in-nodes.heapsnapshot -o json=@TMP@/no-such-dir/top.json
