// Small behaviours shared by every page. No inline scripts: the CSP forbids them.
(function () {
  "use strict";
  // A form is sent once: a double click does not post it twice. The clicked button's
  // name and value are kept in a hidden field, since a disabled button is not sent.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || form.method.toLowerCase() !== "post") return;
    if (form.dataset.submitted === "1") { event.preventDefault(); return; }
    form.dataset.submitted = "1";
    var button = event.submitter;
    if (button && button.name) {
      var hidden = document.createElement("input");
      hidden.type = "hidden";
      hidden.name = button.name;
      hidden.value = button.value;
      form.appendChild(hidden);
    }
    window.setTimeout(function () {
      form.querySelectorAll("button[type=submit], input[type=submit]").forEach(function (b) { b.disabled = true; });
    }, 0);
  }, true);
  // A table wider than its box scrolls sideways: the box takes the keyboard's focus, so that it
  // can be scrolled without a mouse (WCAG 2.1.1), and is named after the section it is in.
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".table-responsive:not([tabindex])").forEach(function (box) {
      if (box.scrollWidth <= box.clientWidth) return;
      box.tabIndex = 0;
      box.setAttribute("role", "region");
      var section = box.closest("section[aria-labelledby]");
      if (section) box.setAttribute("aria-labelledby", section.getAttribute("aria-labelledby"));
    });
  });
  // Back/forward cache: re-enable a form the user returns to.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-submitted]").forEach(function (form) {
      delete form.dataset.submitted;
      form.querySelectorAll("button[type=submit], input[type=submit]").forEach(function (b) { b.disabled = false; });
    });
  });
})();
