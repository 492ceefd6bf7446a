top testdata/scenarios/map-cache/3.heapsnapshot.gz --self -n 5
