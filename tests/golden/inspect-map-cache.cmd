inspect testdata/scenarios/map-cache/3.heapsnapshot.gz --id @92057 -n 5
