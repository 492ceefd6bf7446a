dominators testdata/scenarios/map-cache/3.heapsnapshot.gz --id @92057 --depth 2 --json
