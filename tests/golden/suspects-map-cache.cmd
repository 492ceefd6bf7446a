suspects testdata/scenarios/map-cache/3.heapsnapshot.gz
