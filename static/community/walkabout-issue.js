/* Logging an issue on a walk, on a weak signal.

   The page is a plain form without this script. With it:
   - what is typed is kept as a draft in this browser (localStorage) as it is typed, with the form's key, so a
     reload or a dropped connection loses nothing, and a send retried later carries the same key (the server
     makes one issue per key, however often it is sent);
   - sending while offline keeps the draft and sends it by itself when the connection comes back (a chosen photo
     goes with it as long as the page stays open: a browser cannot keep a file in a draft);
   - "Use my location" fills the map point from the phone's location.
   The result page clears the draft whose key it shows. */
(function () {
  "use strict";

  var logged = document.getElementById("issue-logged");
  if (logged) {
    try {
      var stored = JSON.parse(localStorage.getItem(logged.dataset.draftKey) || "null");
      if (stored && stored.key === logged.dataset.issueKey) localStorage.removeItem(logged.dataset.draftKey);
    } catch (e) { /* storage unavailable: nothing to clear */ }
    return;
  }

  var form = document.getElementById("issue-form");
  if (!form) return;
  var draftKey = form.dataset.draftKey;
  var status = document.getElementById("draft-status");
  var waiting = false;

  function say(message) {
    status.textContent = message;
    status.hidden = !message;
  }

  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrfmiddlewaretoken" && el.type !== "file" && el.type !== "submit" && el.type !== "button";
    });
  }

  function save() {
    var data = { values: {}, checked: {} };
    fields().forEach(function (el) {
      if (el.type === "radio" || el.type === "checkbox") {
        if (el.checked) data.checked[el.name] = el.value;
      } else {
        data.values[el.name] = el.value;
      }
    });
    data.key = data.values.key;
    data.pending = waiting;
    try { localStorage.setItem(draftKey, JSON.stringify(data)); } catch (e) { /* full or blocked */ }
  }

  function restore() {
    var data;
    try { data = JSON.parse(localStorage.getItem(draftKey) || "null"); } catch (e) { data = null; }
    if (!data) return false;
    // A page drawn with errors shows what was sent: keep it, and only remember it.
    if (form.querySelector(".is-invalid")) return false;
    fields().forEach(function (el) {
      if (el.type === "radio" || el.type === "checkbox") {
        if (data.checked[el.name] !== undefined) el.checked = data.checked[el.name] === el.value;
      } else if (data.values[el.name] !== undefined) {
        el.value = data.values[el.name];
      }
    });
    return data;
  }

  var restored = restore();
  if (restored) {
    say(restored.pending
      ? "Your issue was not sent yet: it is kept on this phone and is sent when you have a signal. Choose the photo again if there was one."
      : "We kept what you had typed on this phone. Choose any photo again.");
  }

  form.addEventListener("input", save);
  form.addEventListener("change", save);

  function sendWhenOnline() {
    if (!waiting) return;
    waiting = false;
    save();
    say("Back online: sending your issue now.");
    form.submit();
  }

  form.addEventListener("submit", function (event) {
    save();
    if (navigator.onLine === false) {
      event.preventDefault();
      waiting = true;
      save();
      say("No signal: your issue is kept on this phone and will be sent as soon as the connection comes back. Keep this page open.");
      status.focus && status.setAttribute("tabindex", "-1");
    }
  });
  window.addEventListener("online", sendWhenOnline);
  if (restored && restored.pending && navigator.onLine !== false) {
    // A draft that was waiting when the page was closed: send it now the connection is back.
    waiting = true;
    window.setTimeout(sendWhenOnline, 0);
  }

  var locate = document.getElementById("use-location");
  if (locate && navigator.geolocation) {
    locate.hidden = false;
    locate.addEventListener("click", function () {
      say("Finding where you are…");
      navigator.geolocation.getCurrentPosition(function (position) {
        form.elements.latitude.value = position.coords.latitude.toFixed(6);
        form.elements.longitude.value = position.coords.longitude.toFixed(6);
        save();
        say("Map point filled in from your location.");
      }, function () {
        say("Your location could not be found. Type where it is instead.");
      }, { enableHighAccuracy: true, timeout: 15000 });
    });
  }
})();
