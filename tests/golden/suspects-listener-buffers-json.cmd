suspects testdata/scenarios/listener-buffers/3.heapsnapshot.gz --json
