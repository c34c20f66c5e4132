// Hide a question until the earlier answer it depends on is chosen. Without JavaScript every question shows,
// with a note saying when to answer it, and the server ignores answers to questions that do not apply.
(function () {
  "use strict";
  var questions = document.querySelectorAll("[data-show-if]");
  if (!questions.length) return;
  function update() {
    questions.forEach(function (question) {
      var choice = question.getAttribute("data-show-if");
      var input = document.querySelector('input[value="' + choice + '"]:not([type="hidden"])');
      var shown = !input || input.checked;
      question.hidden = !shown;
    });
  }
  document.addEventListener("change", update);
  update();
})();
