// The article's "Copy link" button: shown only where the browser can copy
// (the share links work without JavaScript).
(function () {
  "use strict";
  if (!navigator.clipboard) return;
  document.querySelectorAll("[data-share-copy]").forEach(function (item) {
    var button = item.querySelector("button");
    var status = item.querySelector("[role=status]");
    item.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.getAttribute("data-url")).then(function () {
        status.textContent = status.getAttribute("data-copied");
      });
    });
  });
})();
