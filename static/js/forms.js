// Public forms on cached pages carry no CSRF token (a token would make the page
// someone's own). When the reader starts filling such a form, or sends it, the
// token is fetched from /token/ (which also sets the CSRF cookie). Without
// JavaScript the server asks the reader to confirm instead.
(function () {
  "use strict";
  var pending = null;

  function fetchToken() {
    if (!pending) {
      pending = fetch("/token/", { credentials: "same-origin", cache: "no-store" })
        .then(function (response) {
          if (!response.ok) { throw new Error("token " + response.status); }
          return response.json();
        })
        .then(function (data) { return data.token; })
        .catch(function (error) { pending = null; throw error; });
    }
    return pending;
  }

  function fill(form) {
    var field = form.querySelector("input[data-csrf-token]");
    if (!field || field.value) { return Promise.resolve(); }
    return fetchToken().then(function (token) { field.value = token; });
  }

  document.querySelectorAll("form").forEach(function (form) {
    if (!form.querySelector("input[data-csrf-token]")) { return; }
    form.addEventListener("focusin", function () { fill(form).catch(function () {}); });
    form.addEventListener("submit", function (event) {
      var field = form.querySelector("input[data-csrf-token]");
      if (field.value) { return; }
      event.preventDefault();
      // Sent anyway if the token cannot be had: the server then asks to confirm.
      fill(form).catch(function () {}).then(function () { form.submit(); });
    });
  });
})();
