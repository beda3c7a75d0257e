// Keeps what is typed in a desk form on the server (desk/autosave.py) a few
// seconds after a change, never at each keystroke and never when nothing
// changed since the last keep, so that a closed tab or a crash loses nothing;
// and asks before leaving the form with unsaved changes, unless it is being
// saved. The line beside the Save buttons (admin/autosave/status.html) gives
// the address and the words; the desk's answers give the rest.
(function () {
  "use strict";
  // After the last change; at the longest after the first one not kept.
  var QUIET = 2000;
  var LONGEST = 10000;
  // After a failure, then twice as long each time, up to the last.
  var RETRY_FIRST = 10000;
  var RETRY_LAST = 120000;

  function newKey() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (byte) {
      return ("0" + byte.toString(16)).slice(-2);
    }).join("");
  }

  function start() {
    var status = document.querySelector("[data-autosave-url]");
    var form = status && status.closest("form");
    if (!form) { return; }
    var url = status.getAttribute("data-autosave-url");
    var key = form.querySelector("input[name=_autosave_key]");
    if (key && !key.value) { key.value = newKey(); }
    var tokenInput = form.querySelector("input[name=csrfmiddlewaretoken]");

    // What the form holds, as it would be sent: without files or the token.
    function fields() {
      var body = new FormData();
      new FormData(form).forEach(function (value, name) {
        if (typeof value === "string" && name !== "csrfmiddlewaretoken") {
          body.append(name, value);
        }
      });
      return body;
    }

    function signature(body) {
      var parts = [];
      body.forEach(function (value, name) { parts.push([name, value]); });
      return JSON.stringify(parts);
    }

    var loaded = signature(fields());
    var unsavedAtLoad = status.hasAttribute("data-autosave-unsaved");
    var lastKept = loaded;
    var refused = null;  // content the desk refused (too large): not sent again
    var timer = null;
    var firstChange = 0;
    var sending = null;
    var again = false;
    var retry = RETRY_FIRST;
    var submitting = false;

    function show(state, text) {
      status.setAttribute("data-state", state);
      if (status.textContent !== text) { status.textContent = text; }
    }

    function schedule(wait) {
      window.clearTimeout(timer);
      timer = window.setTimeout(keep, wait);
    }

    function changed() {
      if (submitting) { return; }
      var now = Date.now();
      if (!firstChange) { firstChange = now; }
      schedule(Math.max(0, Math.min(QUIET, firstChange + LONGEST - now)));
    }

    function failed(text, code, sent) {
      show("failed", text);
      if (code === 400 || code === 413) {
        refused = sent;  // tried again once the form changes
      } else {
        schedule(retry);
        retry = Math.min(retry * 2, RETRY_LAST);
      }
    }

    function keep() {
      timer = null;
      if (submitting) { return; }
      if (sending) { again = true; return; }
      var body = fields();
      var sent = signature(body);
      if (sent === lastKept || sent === refused) { firstChange = 0; return; }
      firstChange = 0;
      sending = new AbortController();
      show("keeping", status.textContent);
      fetch(url, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: {
          "X-CSRFToken": tokenInput ? tokenInput.value : "",
          "Accept": "application/json",
        },
        signal: sending.signal,
      }).then(function (response) {
        return response.json().catch(function () { return null; })
          .then(function (answer) {
            if (response.ok && answer && answer.kept) {
              lastKept = sent;
              refused = null;
              retry = RETRY_FIRST;
              show("kept", answer.status);
            } else {
              var text = answer && answer.status;
              failed(text || status.getAttribute("data-refused"), response.status, sent);
            }
          });
      }).catch(function (error) {
        if (error && error.name === "AbortError") { return; }
        failed(status.getAttribute("data-unreachable"), 0, sent);
      }).then(function () {
        sending = null;
        if (again) { again = false; changed(); }
      });
    }

    // Discarding the kept copy the form was drawn from is leaving on purpose.
    var discarding = false;
    document.querySelectorAll(".autosave-offer form").forEach(function (other) {
      other.addEventListener("submit", function () { discarding = true; });
    });

    function unsaved() {
      return (unsavedAtLoad && !discarding) || signature(fields()) !== loaded;
    }

    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    // Rows of the inlines added or removed; Select2's choices (jQuery events).
    document.addEventListener("formset:added", changed);
    document.addEventListener("formset:removed", changed);
    if (window.django && window.django.jQuery) {
      window.django.jQuery(form).on("change", changed);
    }

    form.addEventListener("submit", function (event) {
      submitting = true;
      window.clearTimeout(timer);
      if (sending) { sending.abort(); }
      // Another script may have stopped the submission: the form stays open.
      window.setTimeout(function () {
        if (event.defaultPrevented) { submitting = false; }
      }, 0);
    });
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) { submitting = false; }
    });
    window.addEventListener("beforeunload", function (event) {
      if (submitting || !unsaved()) { return; }
      event.preventDefault();
      event.returnValue = "";
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
