diff testdata/scenarios/listener-buffers-fixed/1.heapsnapshot.gz testdata/scenarios/listener-buffers-fixed/2.heapsnapshot.gz testdata/scenarios/listener-buffers-fixed/3.heapsnapshot.gz -n 3
