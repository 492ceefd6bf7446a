diff testdata/scenarios/map-cache/1.heapsnapshot.gz testdata/scenarios/map-cache/3.heapsnapshot.gz -n 3 -o json=@TMP@/diff.json -o xml=@TMP@/diff.xml
