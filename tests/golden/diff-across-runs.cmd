diff testdata/runs/widgets-page/a.heapsnapshot.gz testdata/runs/widgets-page/c.heapsnapshot.gz -n 8 --paths 8
