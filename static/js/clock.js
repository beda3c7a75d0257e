// Keeps the "Time now" clock ticking in the site's time zone. Without
// JavaScript the server's time at render stays shown.
(function () {
  "use strict";
  document.querySelectorAll("[data-clock]").forEach(function (clock) {
    var arabic = clock.hasAttribute("data-arabic-digits");
    var format;
    try {
      format = new Intl.DateTimeFormat(arabic ? "ar-SA-u-nu-arab" : "en-GB-u-nu-latn", {
        timeZone: clock.getAttribute("data-time-zone"),
        hour: "2-digit",
        minute: "2-digit",
        hourCycle: "h23",
      });
    } catch (error) {
      return; // An unknown zone: keep the server's time.
    }
    function tick() {
      var now = new Date();
      clock.textContent = format.format(now);
      clock.setAttribute("datetime", now.toISOString());
    }
    tick();
    setInterval(tick, 15000);
  });
})();
