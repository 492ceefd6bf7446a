gate tests/golden/summary-tiny-json.out testdata/tiny/basic.heapsnapshot --max-class-count Window=0 --max-growth 0%
