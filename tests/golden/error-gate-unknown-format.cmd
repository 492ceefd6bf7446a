gate testdata/tiny/basic.heapsnapshot testdata/tiny/basic.heapsnapshot -o html=@TMP@/gate.html
