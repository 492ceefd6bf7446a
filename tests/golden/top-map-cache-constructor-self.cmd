top testdata/scenarios/map-cache/3.heapsnapshot.gz --by constructor --self -n 5
