summary testdata/tiny/basic.heapsnapshot --json -o md=@TMP@/summary.md
