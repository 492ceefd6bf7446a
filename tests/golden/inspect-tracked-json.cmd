inspect testdata/scenarios/map-cache-tracked/3.heapsnapshot.gz --id @69229 -n 3 --json
