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
    if (!live || !groups.length || !window.MutationObserver) { return; }
    var form = groups[0].closest("form");
    if (!form) { return; }
    // Announce only what appears after the citizen answered (not what
    // pat-depends hides or shows when the page starts).
    var answered = 0, appeared = [], timer = null;
    ["pointerdown", "keydown", "input", "change"].forEach(function (name) {
      form.addEventListener(name, function () { answered = Date.now(); }, true);
    });
    function announce() {
      if (appeared.length) {
        live.textContent = live.getAttribute("data-prefix") + " " + appeared.join(", ");
      }
      appeared = [];
    }
    groups.forEach(function (el) {
      var shown = visible(el);
      new MutationObserver(function () {
        var now = visible(el);
        if (now && !shown && Date.now() - answered < 3000) {
          var label = el.querySelector("label, .form-label, legend");
          if (label) { appeared.push(label.textContent.replace(/\s+/g, " ").trim()); }
          window.clearTimeout(timer);
          timer = window.setTimeout(announce, 300);
        }
        shown = now;
      }).observe(el, {attributes: true, attributeFilter: ["style", "class", "hidden"]});
    });
  });
})();
