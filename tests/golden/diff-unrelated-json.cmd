diff testdata/tiny/basic.heapsnapshot testdata/scenarios/map-cache/1.heapsnapshot.gz -n 3 --no-suspects --json
