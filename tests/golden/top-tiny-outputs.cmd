top testdata/tiny/basic.heapsnapshot -o text=- -o json=@TMP@/top.json -o markdown=@TMP@/top.md -o junit=@TMP@/top.xml
