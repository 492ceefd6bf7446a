gate tests/golden/summary-tiny-json.out testdata/tiny/basic.heapsnapshot
