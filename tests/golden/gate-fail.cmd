gate testdata/scenarios/map-cache/1.heapsnapshot.gz testdata/scenarios/map-cache/2.heapsnapshot.gz testdata/scenarios/map-cache/3.heapsnapshot.gz
