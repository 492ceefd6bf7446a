info testdata/no-such.heapsnapshot
