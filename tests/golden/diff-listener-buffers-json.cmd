diff testdata/scenarios/listener-buffers/1.heapsnapshot.gz testdata/scenarios/listener-buffers/2.heapsnapshot.gz testdata/scenarios/listener-buffers/3.heapsnapshot.gz -n 3 --json
