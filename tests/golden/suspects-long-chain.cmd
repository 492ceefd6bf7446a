suspects testdata/scenarios/long-chain/3.heapsnapshot.gz
