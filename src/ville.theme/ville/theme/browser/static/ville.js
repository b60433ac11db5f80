/* ville.theme: the mobile menu. Without JavaScript the menu stays open. */
(function () {
  "use strict";
  function setup() {
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
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
