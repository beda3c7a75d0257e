// In the article form, the title, excerpt and body follow the article's
// language: right-to-left for Arabic, whatever the admin's own language.
(function () {
  "use strict";
  function apply() {
    var select = document.getElementById("id_language");
    if (!select) return;
    var lang = select.value;
    var dir = lang === "ar" ? "rtl" : "ltr";
    ["id_title", "id_excerpt", "id_lead_image_caption", "id_lead_image_alt"].forEach(function (id) {
      var field = document.getElementById(id);
      if (field) { field.setAttribute("dir", dir); field.setAttribute("lang", lang); }
    });
    document.querySelectorAll(".field-body .prose-editor, .field-body textarea").forEach(function (el) {
      el.setAttribute("dir", dir);
      el.setAttribute("lang", lang);
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    apply();
    var select = document.getElementById("id_language");
    if (select) select.addEventListener("change", apply);
    // The rich-text editor builds itself after load; apply again once it exists.
    setTimeout(apply, 500);
  });
})();
