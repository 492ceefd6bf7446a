paths testdata/scenarios/map-cache/3.heapsnapshot.gz --id @158757 --full
