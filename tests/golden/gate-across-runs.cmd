gate testdata/scenarios/map-cache/1.heapsnapshot.gz testdata/runs/map-cache/1.heapsnapshot.gz --max-class-count *=8 --max-class-growth *=8KiB --max-growth 1%
