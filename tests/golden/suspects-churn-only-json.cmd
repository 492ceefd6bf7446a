suspects testdata/scenarios/churn-only/3.heapsnapshot.gz --json
