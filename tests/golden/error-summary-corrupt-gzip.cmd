summary testdata/malformed/corrupt.heapsnapshot.gz
