// Click-to-load embeds (core.embeds, includes/embed.html). Each block is a
// plain link until the reader presses its button: only then is the provider's
// player (its privacy-friendliest address) put in place, so that nothing is
// asked of the other site before. Focus moves to the player.
(function () {
  "use strict";
  var SANDBOX = "allow-scripts allow-same-origin allow-popups " +
    "allow-popups-to-escape-sandbox allow-presentation";

  function load(block, consent, button) {
    var frame = document.createElement("iframe");
    frame.className = "embed-frame";
    frame.title = button.getAttribute("data-embed-title");
    frame.setAttribute("referrerpolicy",
      button.getAttribute("data-embed-referrer-policy") || "no-referrer");
    frame.setAttribute("allow", "encrypted-media; fullscreen; picture-in-picture");
    frame.setAttribute("allowfullscreen", "");
    frame.setAttribute("sandbox", SANDBOX);
    frame.src = button.getAttribute("data-embed-player");
    consent.remove();
    block.insertBefore(frame, block.querySelector(".embed-link"));
    block.classList.add("embed-loaded");
    frame.focus();
  }

  document.querySelectorAll("[data-embed]").forEach(function (block) {
    var consent = block.querySelector(".embed-consent");
    var button = consent && consent.querySelector("button");
    if (!button) return;
    consent.hidden = false;
    button.addEventListener("click", function () {
      load(block, consent, button);
    });
  });

  // A post's height is known to its player only: Telegram's and X's tell
  // the page in a message, which is believed from that frame alone.
  function heightIn(data) {
    if (typeof data === "string") {
      try { data = JSON.parse(data); } catch (error) { return 0; }
    }
    if (!data || typeof data !== "object") return 0;
    if (data.event === "resize") return Number(data.height) || 0;
    var call = data["twttr.embed"];
    if (call && call.method === "twttr.private.resize" && call.params && call.params[0]) {
      return Number(call.params[0].height) || 0;
    }
    return 0;
  }

  window.addEventListener("message", function (event) {
    document.querySelectorAll(".embed-post .embed-frame").forEach(function (frame) {
      if (frame.contentWindow !== event.source) return;
      if (new URL(frame.src).origin !== event.origin) return;
      var height = heightIn(event.data);
      if (height > 0) frame.style.blockSize = Math.min(height, 3000) + "px";
    });
  });
})();
