paths testdata/scenarios/long-chain/3.heapsnapshot.gz --id @89529 --full
