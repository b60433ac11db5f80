/* ville.theme: the mobile menu (without JavaScript the menu stays open), and
   accessible names for what TinyMCE and select2 add to edit forms. */
(function () {
  "use strict";

  function setupMenu() {
    var header = document.getElementById("ville-header");
    if (!header) return;
    var button = header.querySelector(".ville-menu-toggle");
    var nav = document.getElementById("ville-nav");
    if (!button || !nav) return;
    function set(open) {
      header.setAttribute("data-ville-menu", open ? "open" : "closed");
      button.setAttribute("aria-expanded", open ? "true" : "false");
    }
    button.hidden = false;
    set(false);
    button.addEventListener("click", function () {
      set(button.getAttribute("aria-expanded") !== "true");
    });
    header.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        set(false);
        button.focus();
      }
    });
  }

  // TinyMCE's editing frame has no title and its resize handle is a slider
  // without a value (WCAG 4.1.2): name the frame after the field's label.
  function labelEditors() {
    document.querySelectorAll("iframe.tox-edit-area__iframe:not([title])").forEach(
      function (frame) {
        var field = frame.closest(".field, .mb-3, fieldset, form");
        var label = field && field.querySelector("label");
        var text = label ? label.textContent.replace(/\s+/g, " ").trim() : "";
        frame.setAttribute("title", text || document.title);
      }
    );
    // The TinyMCE pattern gives its textarea a generated id, so the
    // field's label names nothing: name the textarea by it (WCAG 1.3.1, 4.1.2).
    document.querySelectorAll(
      ".field textarea[id]:not([aria-labelledby])"
    ).forEach(function (area) {
      var label = area.closest(".field").querySelector("label.form-label[for]");
      if (!label || label.htmlFor === area.id) return;
      if (!label.id) label.id = area.id + "-label";
      area.setAttribute("aria-labelledby", label.id);
    });
    document.querySelectorAll(
      ".tox-statusbar__resize-handle:not([aria-valuenow])"
    ).forEach(function (handle) {
      var editor = handle.closest(".tox-tinymce");
      handle.setAttribute("aria-valuenow", String(editor ? editor.offsetHeight : 0));
    });
  }

  // select2 (tags, owners, ...) draws a "remove" link without text on each
  // chosen value (WCAG 2.4.4, 4.1.2): "Retirer <value>", in the site's
  // language (the footer's hidden #ville-remove-label).
  function labelChoices() {
    var remove = document.getElementById("ville-remove-label");
    if (!remove) return;
    document.querySelectorAll(
      ".select2-search-choice-close:not([aria-label])"
    ).forEach(function (link) {
      var choice = link.closest(".select2-search-choice");
      var text = choice ? choice.textContent.replace(/\s+/g, " ").trim() : "";
      link.setAttribute("aria-label", (remove.textContent.trim() + " " + text).trim());
    });
  }

  function labelWidgets() {
    labelEditors();
    labelChoices();
  }

  function setup() {
    setupMenu();
    if (!document.querySelector("textarea, .pat-select2")) return;
    labelWidgets();
    new MutationObserver(labelWidgets).observe(document.body, {
      childList: true,
      subtree: true,
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
