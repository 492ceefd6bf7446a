dominators testdata/scenarios/map-cache/3.heapsnapshot.gz --depth 1 --min-size 2% --json
