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
          x: { reverse: rtl },
          y: { min: 0, max: 100, position: rtl ? "right" : "left", ticks: { callback: function (value) { return localDigits(value); } } }
        }
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("canvas[data-chart-source]").forEach(draw);
  });
})();
