gate testdata/tiny/basic.heapsnapshot testdata/tiny/basic.heapsnapshot -o json=- --json
