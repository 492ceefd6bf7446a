suspects testdata/oom/session-store.heapsnapshot.gz
