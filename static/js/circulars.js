// Circular form: shows the agency-group list or the agency checkboxes only for the
// target mode that uses them. Without JavaScript every field stays visible.
(function () {
  "use strict";
  var modes = document.querySelectorAll("[data-target-mode] input[type=radio]");
  var panels = document.querySelectorAll("[data-target-panel]");
  if (!modes.length || !panels.length) {
    return;
  }
  function update() {
    var checked = document.querySelector("[data-target-mode] input[type=radio]:checked");
    var mode = checked ? checked.value : "all";
    panels.forEach(function (panel) {
      panel.hidden = panel.getAttribute("data-target-panel") !== mode;
    });
  }
  modes.forEach(function (radio) {
    radio.addEventListener("change", update);
  });
  update();
})();
