dominators testdata/scenarios/long-chain/3.heapsnapshot.gz --id @101961 --depth 14 --min-size 10%
