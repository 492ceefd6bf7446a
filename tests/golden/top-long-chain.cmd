top testdata/scenarios/long-chain/3.heapsnapshot.gz -n 3
