summary testdata/scenarios/map-cache/3.heapsnapshot.gz -n 8
