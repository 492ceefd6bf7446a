info testdata/scenarios/map-cache-tracked/1.heapsnapshot.gz --json
