// Braid's small page behaviours: the narrow-screen menu button, and tables that scroll in their own box.
(function () {
  "use strict";

  function setOpen(button, open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    document.body.classList.toggle("nav-open", open);
  }

  function menuButton() {
    var button = document.querySelector(".nav-toggle");
    if (!button) return;
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      setOpen(button, open);
      if (open) {
        var first = document.querySelector("#sidebar a");
        if (first) first.focus();
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || button.getAttribute("aria-expanded") !== "true") return;
      var sidebar = document.getElementById("sidebar");
      var inside = sidebar && sidebar.contains(document.activeElement);
      setOpen(button, false);
      if (inside) button.focus();
    });
  }

  // A wide table scrolls inside its own box instead of widening the page; the box takes keyboard
  // focus (and a name) only while it actually scrolls, so it adds no empty tab stops.
  function labelFor(table) {
    var caption = table.querySelector("caption");
    var heading = table.parentElement.previousElementSibling;
    var text = (caption && caption.textContent) || "";
    if (!text && heading && /^H[1-6]$/.test(heading.tagName)) text = heading.textContent;
    return text.trim() || document.title.split("·")[0].trim();
  }

  function markScrolling(box) {
    if (box.scrollWidth > box.clientWidth + 1) {
      box.tabIndex = 0;
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", labelFor(box.querySelector("table")));
    } else if (box.dataset.wrapped) {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
    }
  }

  function scrollBoxes(root) {
    root.querySelectorAll("table").forEach(function (table) {
      if (table.closest(".table-scroll")) return;
      var box = document.createElement("div");
      box.className = "table-scroll";
      box.dataset.wrapped = "1";
      table.parentElement.insertBefore(box, table);
      box.appendChild(table);
    });
    document.querySelectorAll(".table-scroll").forEach(markScrolling);
  }

  var resizeTimer = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () { document.querySelectorAll(".table-scroll").forEach(markScrolling); }, 150);
  });

  // A tab row shows where you are: the tab of this page is the current one.
  function currentTabs() {
    document.querySelectorAll("nav.actions-bar a[href]").forEach(function (a) {
      if (a.pathname === window.location.pathname && !a.search) a.setAttribute("aria-current", "page");
    });
  }

  // Behaviours declared in the markup instead of on...= attributes (the Content-Security-Policy
  // runs no inline code): a select that submits its form when changed, a print button.
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el && el.matches && el.matches("[data-submit-on-change]") && el.form) el.form.requestSubmit();
  });
  document.addEventListener("click", function (event) {
    var el = event.target && event.target.closest ? event.target.closest("[data-print]") : null;
    if (el) window.print();
  });

  document.addEventListener("DOMContentLoaded", function () {
    menuButton();
    currentTabs();
    scrollBoxes(document);
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    scrollBoxes(event.target || document);
  });
})();
