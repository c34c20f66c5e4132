// Counts down the characters left in a text box with a limit, as the GOV.UK character count does. The page
// says the limit without JavaScript ("You can enter up to 5,000 characters", templates/bootstrap5/field.html)
// and the server refuses text that is too long, keeping it; this only tells people sooner.
// The visible count changes on every key; screen readers hear it once the typing pauses (aria-live polite),
// so they are not interrupted at every character.
(function () {
  "use strict";
  var PAUSE = 1000;

  function message(left) {
    var count = Math.abs(left).toLocaleString("en-GB");
    var characters = Math.abs(left) === 1 ? " character" : " characters";
    return left >= 0 ? "You have " + count + characters + " remaining" : "You have " + count + characters + " too many";
  }

  document.querySelectorAll("[data-character-limit]").forEach(function (hint) {
    var box = document.getElementById(hint.getAttribute("data-field"));
    var limit = parseInt(hint.getAttribute("data-character-limit"), 10);
    if (!box || !limit) {
      return;
    }
    // The limit stays for screen readers (the box's description); the count shows in its place.
    hint.classList.add("visually-hidden");
    var shown = document.createElement("div");
    shown.className = "form-text character-count-message";
    shown.setAttribute("aria-hidden", "true");
    hint.insertAdjacentElement("afterend", shown);
    var announced = document.createElement("div");
    announced.className = "visually-hidden";
    announced.setAttribute("aria-live", "polite");
    shown.insertAdjacentElement("afterend", announced);

    var timer = null;
    function update() {
      var left = limit - box.value.length;
      shown.textContent = message(left);
      shown.classList.toggle("character-count-over", left < 0);
    }
    update();
    box.addEventListener("input", function () {
      update();
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        announced.textContent = message(limit - box.value.length);
      }, PAUSE);
    });
  });
})();
