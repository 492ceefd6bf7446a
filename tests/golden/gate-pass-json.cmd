gate testdata/scenarios/map-cache-fixed/1.heapsnapshot.gz testdata/scenarios/map-cache-fixed/2.heapsnapshot.gz testdata/scenarios/map-cache-fixed/3.heapsnapshot.gz --json
