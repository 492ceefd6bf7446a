diff testdata/scenarios/map-cache/1.heapsnapshot.gz testdata/scenarios/map-cache/2.heapsnapshot.gz -n 5
