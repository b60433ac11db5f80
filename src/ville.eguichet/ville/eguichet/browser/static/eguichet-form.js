/* The e-guichet form page: the error summary takes the focus and its links
   move the focus to their field (GOV.UK pattern); questions that appear
   (pat-depends) are announced to screen readers; the steps of the form
   (formsteps.py) are shown one at a time with a progress indicator. */
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
  // Steps: one fieldset at a time; every step shows without this script.
  ready(function () {
    var progress = document.getElementById("eguichet-progress");
    var steps = Array.prototype.slice.call(document.querySelectorAll("fieldset.eguichet-step"));
    if (!progress || steps.length < 2) { return; }
    var form = steps[0].closest("form");
    var items = progress.querySelectorAll("ol > li");
    var counter = progress.querySelector(".eguichet-progress-count");
    var submit = form.querySelector("[name='form.buttons.submit']");
    var nav = document.createElement("div");
    nav.className = "eguichet-step-nav mb-3";
    function button(label, klass) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = klass;
      b.textContent = label;
      nav.appendChild(b);
      return b;
    }
    var previous = button(progress.getAttribute("data-previous"), "btn btn-outline-primary me-2");
    var next = button(progress.getAttribute("data-next"), "btn btn-primary");
    steps[steps.length - 1].parentNode.insertBefore(nav, steps[steps.length - 1].nextSibling);
    var current = 0;
    function show(index, focus) {
      current = Math.max(0, Math.min(index, steps.length - 1));
      var last = current === steps.length - 1;
      steps.forEach(function (step, i) { step.hidden = i !== current; });
      Array.prototype.forEach.call(items, function (item, i) {
        if (i === current) { item.setAttribute("aria-current", "step"); }
        else { item.removeAttribute("aria-current"); }
        item.classList.toggle("eguichet-step-done", i < current);
      });
      counter.textContent = progress.getAttribute("data-counter")
        .replace("{n}", String(current + 1)).replace("{t}", String(steps.length))
        .replace("{title}", items[current].textContent);
      previous.hidden = current === 0;
      next.hidden = last;
      if (submit) { submit.hidden = !last; }
      if (focus) { counter.focus(); }
    }
    function stepOf(element) {
      var step = element && element.closest("fieldset.eguichet-step");
      return step ? steps.indexOf(step) : -1;
    }
    previous.addEventListener("click", function () { show(current - 1, true); });
    next.addEventListener("click", function () { show(current + 1, true); });
    // A link to a field (the error summary, "Modifier" on the summary page)
    // opens its step first.
    var summary = document.querySelector(".eguichet-error-summary");
    if (summary) {
      summary.addEventListener("click", function (event) {
        var link = event.target.closest("a[href^='#']");
        var target = link && document.getElementById(link.getAttribute("href").slice(1));
        if (stepOf(target) >= 0) { show(stepOf(target), false); }
      }, true);
    }
    var start = 0;
    var error = form.querySelector(".field.error, [aria-invalid='true']");
    var hash = window.location.hash ? document.getElementById(window.location.hash.slice(1)) : null;
    if (stepOf(error) >= 0) { start = stepOf(error); }
    else if (stepOf(hash) >= 0) { start = stepOf(hash); }
    progress.hidden = false;
    show(start, false);
    if (!error && stepOf(hash) >= 0) { hash.scrollIntoView(); }
  });
  // A member's draft saved as they go (autosave.py): the answers without
  // the files, a second after a change; the new token kept in the form.
  ready(function () {
    var box = document.getElementById("eguichet-autosave");
    var form = document.querySelector("form#form");
    if (!box || !form || !window.fetch || !window.FormData) { return; }
    var timer = null, leaving = false;
    form.addEventListener("submit", function () { leaving = true; });
    function tokenInput() {
      var input = form.querySelector("input[name='eguichet_pending']");
      if (!input) {
        input = document.createElement("input");
        input.type = "hidden";
        input.name = "eguichet_pending";
        form.appendChild(input);
      }
      return input;
    }
    function save() {
      if (leaving) { return; }
      var data = new FormData(form), kept = new FormData();
      data.forEach(function (value, name) {
        if (typeof value === "string" && name.indexOf("form.buttons.") !== 0) {
          kept.append(name, value);
        }
      });
      kept.set("_authenticator", box.getAttribute("data-authenticator"));
      window.fetch(box.getAttribute("data-url"), {
        method: "POST", body: kept, credentials: "same-origin",
        headers: {"Accept": "application/json"}
      }).then(function (response) {
        return response.ok ? response.json() : null;
      }).then(function (answer) {
        if (!answer || !answer.token || leaving) { return; }
        tokenInput().value = answer.token;
        box.textContent = answer.message;
      }).catch(function () {});
    }
    form.addEventListener("change", function (event) {
      if (event.target && event.target.type === "file") { return; }
      window.clearTimeout(timer);
      timer = window.setTimeout(save, 1000);
    });
  });
  // pat-depends shows a question when its condition comes to hold, but did
  // not hide it again when a radio answer changed back (seen in Chromium):
  // the conditions this add-on writes ("a = 'x' or a = 'y'", "a != 'x' and
  // a != 'y'", formrules.When.depends) are applied again on each change, as
  // the server reads them (an unanswered question holds no condition).
  ready(function () {
    var fields = Array.prototype.slice.call(
      document.querySelectorAll(".field.pat-depends[data-pat-depends]"));
    var form = fields.length ? fields[0].closest("form") : null;
    if (!form) { return; }
    function value(name) {
      var checked = form.querySelector("input[name='" + name + "']:checked");
      if (checked) { return checked.value; }
      var other = form.querySelector("select[name='" + name + ":list'], select[name='" + name + "']");
      return other ? other.value : "";
    }
    function holds(expression) {
      return expression.split(" or ").some(function (part) {
        return part.split(" and ").every(function (term) {
          var found = /^\s*(\S+)\s*(!=|=)\s*'([^']*)'\s*$/.exec(term);
          if (!found) { return true; }
          var answer = value(found[1]);
          return found[2] === "=" ? answer === found[3] : answer !== "" && answer !== found[3];
        });
      });
    }
    function apply() {
      fields.forEach(function (el) { el.hidden = !holds(el.getAttribute("data-pat-depends")); });
    }
    form.addEventListener("change", function () { window.setTimeout(apply, 0); });
    apply();
  });
})();
