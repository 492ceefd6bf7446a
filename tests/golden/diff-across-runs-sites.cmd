diff testdata/scenarios/map-cache/1.heapsnapshot.gz testdata/runs/map-cache/1.heapsnapshot.gz -n 12 --by site
