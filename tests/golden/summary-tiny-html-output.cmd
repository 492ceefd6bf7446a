summary testdata/tiny/basic.heapsnapshot -o html=@TMP@/summary.html
