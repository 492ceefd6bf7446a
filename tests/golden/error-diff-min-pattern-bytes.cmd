diff testdata/scenarios/listener-buffers/1.heapsnapshot.gz testdata/scenarios/listener-buffers/2.heapsnapshot.gz --min-pattern-bytes lots
