/* Draws the dashboard's trend chart from the json_script data; the same figures are in
   the table beside it. Loaded after static/vendor/chartjs/chart.umd.min.js. */
(function () {
  "use strict";
  var PERSIAN = "۰۱۲۳۴۵۶۷۸۹";

  function localDigits(text) {
    if ((document.documentElement.lang || "").indexOf("fa") !== 0) { return String(text); }
    return String(text).replace(/[0-9]/g, function (d) { return PERSIAN[d]; }).replace(".", "٫");
  }

  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.chartSource);
    if (!source || typeof window.Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var rtl = document.documentElement.dir === "rtl";
    var font = getComputedStyle(document.body).fontFamily;
    window.Chart.defaults.font.family = font;
    new window.Chart(canvas, {
      type: "line",
      data: {
        labels: data.labels,
        datasets: [
          { label: canvas.dataset.labelProgress, data: data.progress, borderColor: "#0d6efd", backgroundColor: "#0d6efd", tension: 0.2 },
          { label: canvas.dataset.labelReporting, data: data.reporting, borderColor: "#198754", backgroundColor: "#198754", tension: 0.2 },
          { label: canvas.dataset.labelOnTime, data: data.on_time, borderColor: "#fd7e14", backgroundColor: "#fd7e14", borderDash: [6, 4], tension: 0.2 }
        ]
      },
      options: {
        maintainAspectRatio: false,
        animation: false,
        locale: document.documentElement.lang || "fa",
        plugins: {
          legend: { rtl: rtl, position: "bottom" },
          tooltip: {
            rtl: rtl,
            callbacks: {
              label: function (context) {
                return context.dataset.label + ": " + (context.parsed.y === null ? "—" : localDigits(context.parsed.y.toFixed(1)) + "٪");
              }
            }
          }
        },
        scales: {
          // offset: the first and last labels sit half a step in from the edges, not cut by them.
          x: { reverse: rtl, offset: true, ticks: { maxRotation: 0, autoSkip: true, autoSkipPadding: 8 } },
          y: { min: 0, max: 100, position: rtl ? "right" : "left", ticks: { callback: function (value) { return localDigits(value); } } }
        }
      }
    });
  }

  // A table wider than its box (the heatmap on a narrow screen): a shadow at the edge where
  // more columns are, and the hint above it, until the user has scrolled to the end.
  function scrollCue(cue) {
    var box = cue.querySelector(".table-responsive");
    var hint = document.getElementById(cue.dataset.scrollHint);
    if (!box) { return; }
    function update() {
      var scrollable = box.scrollWidth > box.clientWidth + 1;
      cue.classList.toggle("is-scrollable", scrollable);
      cue.classList.toggle("at-end", Math.abs(box.scrollLeft) + box.clientWidth >= box.scrollWidth - 1);
      if (hint) { hint.hidden = !scrollable; }
    }
    box.addEventListener("scroll", update, { passive: true });
    window.addEventListener("resize", update);
    update();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("canvas[data-chart-source]").forEach(draw);
    document.querySelectorAll(".scroll-cue").forEach(scrollCue);
  });
})();
