// Idle log-off warning (clinic/idle_logout.py holds the rule; this only warns and keeps alive).
// The dialog carries the idle limit and the time left; WARN_SECONDS before the end an alert dialog
// offers "Stay signed in", which POSTs to the keep-alive URL. When the time is up the user is sent
// to the log-in page (the server has ended the session by then, or ends it on the next request).
(function () {
  "use strict";
  var WARN_SECONDS = 120;
  var dialog = document.getElementById("idle-warning");
  if (!dialog) {
    return;
  }
  var settings = dialog.dataset;
  var limit = parseInt(settings.idleLogoutSeconds, 10);
  var remaining = parseInt(settings.idleRemainingSeconds, 10);
  var endsAt = 0;
  var stayButton = dialog.querySelector("[data-idle-stay]");
  var deadlineText = dialog.querySelector("[data-idle-deadline]");
  var warnTimer = null;
  var endTimer = null;
  var focusBefore = null;

  function toLogin() {
    var next = window.location.pathname + window.location.search;
    window.location.assign(settings.loginUrl + "?next=" + encodeURIComponent(next));
  }

  function hide() {
    if (dialog.hidden) {
      return;
    }
    dialog.hidden = true;
    if (focusBefore && document.contains(focusBefore)) {
      focusBefore.focus();
    }
  }

  function show() {
    deadlineText.textContent = new Date(endsAt).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    focusBefore = document.activeElement;
    dialog.hidden = false;
    stayButton.focus();
  }

  function schedule(seconds) {
    window.clearTimeout(warnTimer);
    window.clearTimeout(endTimer);
    endsAt = Date.now() + seconds * 1000;
    warnTimer = window.setTimeout(show, Math.max(0, seconds - WARN_SECONDS) * 1000);
    endTimer = window.setTimeout(toLogin, seconds * 1000);
  }

  function stay() {
    stayButton.disabled = true;
    fetch(settings.keepAliveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": settings.csrfToken },
    })
      .then(function (response) {
        if (response.status !== 204) {
          toLogin();
          return;
        }
        hide();
        schedule(limit);
      })
      .catch(toLogin)
      .finally(function () {
        stayButton.disabled = false;
      });
  }

  stayButton.addEventListener("click", stay);
  schedule(remaining);
})();
