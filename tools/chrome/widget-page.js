// Page script for `tools/chrome/take-snapshot.js --serve=widgets=N`: the same page run in two
// browsers (two processes, two ports) gives the run pairs of testdata/runs/chrome-widgets.
//   - N `Widget`s (class defined in this script), each with a click handler closure that
//     captures its widget, kept in window.widgets: the part that grows with N;
//   - 40 counters made by makeCounter(), each a closure over its own context (V8 names such
//     contexts "system / Context / scope @<id of its ScopeInfo>");
//   - 40 plain records {when, what, who} (DevTools names them by their properties);
//   - a <ul> with 10 <li> in the document.
(() => {
  class Widget {
    constructor(index) {
      this.index = index;
      this.label = `widget ${index}`;
      this.onClick = () => this.index;
    }
  }
  const count = Number(new URLSearchParams(location.search).get('widgets') || 100);
  window.widgets = [];
  for (let i = 0; i < count; i++) window.widgets.push(new Widget(i));

  function makeCounter(start) {
    let value = start;
    return () => ++value;
  }
  window.counters = [];
  for (let i = 0; i < 40; i++) window.counters.push(makeCounter(i));

  window.records = [];
  for (let i = 0; i < 40; i++) window.records.push({ when: i, what: `record ${i}`, who: null });

  const list = document.createElement('ul');
  for (let i = 0; i < 10; i++) list.appendChild(document.createElement('li'));
  document.body.appendChild(list);
  window.pageReady = Promise.resolve();
})();
