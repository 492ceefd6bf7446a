gate testdata/tiny/basic.heapsnapshot testdata/tiny/basic.heapsnapshot -o junit=@TMP@/no-such-dir/gate.xml
