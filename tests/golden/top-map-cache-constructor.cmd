top testdata/scenarios/map-cache/3.heapsnapshot.gz --by constructor -n 5
