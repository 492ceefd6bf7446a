diff testdata/scenarios/map-cache-tracked/1.heapsnapshot.gz testdata/scenarios/map-cache-tracked/2.heapsnapshot.gz testdata/scenarios/map-cache-tracked/3.heapsnapshot.gz -n 5 --by site
