// Add a missed item: selecting words in the narrative fills the start and end of the "add" form,
// in code points of the text (what the server counts), not in UTF-16 units.
(function () {
  "use strict";
  var narrative = document.getElementById("narrative");
  var start = document.getElementById("id_add-start");
  var end = document.getElementById("id_add-end");
  var shown = document.getElementById("add-selection");
  if (!narrative || !start || !end) { return; }

  function offset(node, within) {
    var walker = document.createTreeWalker(narrative, NodeFilter.SHOW_TEXT);
    var count = 0;
    var current = walker.nextNode();
    while (current) {
      if (current === node) { return count + Array.from(current.data.slice(0, within)).length; }
      count += Array.from(current.data).length;
      current = walker.nextNode();
    }
    return null;
  }

  function update() {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) { return; }
    var range = selection.getRangeAt(0);
    if (!narrative.contains(range.startContainer) || !narrative.contains(range.endContainer)) { return; }
    var a = offset(range.startContainer, range.startOffset);
    var b = offset(range.endContainer, range.endOffset);
    if (a === null || b === null || a === b) { return; }
    start.value = Math.min(a, b);
    end.value = Math.max(a, b);
    if (shown) { shown.textContent = selection.toString(); }
  }

  document.addEventListener("selectionchange", update);
  narrative.addEventListener("mouseup", update);
  narrative.addEventListener("keyup", update);
})();
