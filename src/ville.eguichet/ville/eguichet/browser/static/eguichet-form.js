/* The e-guichet form page: the error summary takes the focus and its links
   move the focus to their field (GOV.UK pattern); questions that appear
   (pat-depends) are announced to screen readers. */
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState !== "loading") { fn(); }
    else { document.addEventListener("DOMContentLoaded", fn); }
  }
  function visible(el) {
    return !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
  }
  ready(function () {
    var summary = document.querySelector(".eguichet-error-summary");
    if (summary) {
      summary.focus();
      summary.addEventListener("click", function (event) {
        var link = event.target.closest("a[href^='#']");
        if (!link) { return; }
        var target = document.getElementById(link.getAttribute("href").slice(1));
        if (!target) { return; }
        event.preventDefault();
        (target.closest(".field") || target).scrollIntoView();
        target.focus({preventScroll: true});
      });
    }
    var live = document.getElementById("eguichet-live");
    var groups = Array.prototype.slice.call(document.querySelectorAll(".field.pat-depends"));
    if (!live || !groups.length) { return; }
    var shown = groups.map(visible);
    var form = groups[0].closest("form");
    if (!form) { return; }
    form.addEventListener("change", function () {
      window.setTimeout(function () {
        var appeared = [];
        groups.forEach(function (el, i) {
          var now = visible(el);
          if (now && !shown[i]) {
            var label = el.querySelector("label, .form-label, legend");
            if (label) { appeared.push(label.textContent.replace(/\s+/g, " ").trim()); }
          }
          shown[i] = now;
        });
        if (appeared.length) {
          live.textContent = live.getAttribute("data-prefix") + " " + appeared.join(", ");
        }
      }, 600);
    });
  });
})();
