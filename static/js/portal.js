// When a form comes back with problems, move focus to the summary at the top, so keyboard and screen reader
// users start from the list of what to fix (each item links to its field). Pages work the same without it.
(function () {
  "use strict";
  var summary = document.querySelector(".error-summary");
  if (summary) {
    summary.focus();
  }
})();
