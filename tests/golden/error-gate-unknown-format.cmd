gate testdata/tiny/basic.heapsnapshot testdata/tiny/basic.heapsnapshot -o yaml=@TMP@/gate.yaml
