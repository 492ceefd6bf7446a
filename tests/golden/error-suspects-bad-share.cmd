suspects testdata/scenarios/map-cache/3.heapsnapshot.gz --min-share 150%
