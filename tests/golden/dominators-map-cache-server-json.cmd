dominators testdata/scenarios/map-cache/3.heapsnapshot.gz --id @35625 --depth 6 --min-size 5% --json
