// Page script for tools/chrome/take-snapshot.js: detached DOM trees and piled-up listeners.
//   - 5 detached trees: a <div class="row"> with 3 <span>s each, removed from the document but
//     kept in window.removedRows;
//   - one <button id="save"> in the document with 15 'click' listeners (function onSaveClick),
//     each added by a "component" that never removes it.
// Healthy parts: a <ul id="list"> with 20 <li> that stays attached.
(() => {
  window.removedRows = [];
  for (let i = 0; i < 5; i++) {
    const row = document.createElement('div');
    row.className = 'row';
    for (let k = 0; k < 3; k++) row.appendChild(document.createElement('span'));
    document.body.appendChild(row);
    row.remove();
    window.removedRows.push(row);
  }
  const button = document.createElement('button');
  button.id = 'save';
  document.body.appendChild(button);
  for (let i = 0; i < 15; i++) {
    const state = { component: i };
    button.addEventListener('click', function onSaveClick() { return state.component; });
  }
  const list = document.createElement('ul');
  list.id = 'list';
  for (let i = 0; i < 20; i++) list.appendChild(document.createElement('li'));
  document.body.appendChild(list);
  return 'ok';
})();
