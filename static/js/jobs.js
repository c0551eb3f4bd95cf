/* A job's page: asks for its progress every second or two and shows it; once the job has
   finished, loads the page again, which then offers the file (or says it failed). */
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box || box.dataset.finished === "true") { return; }
  var bar = document.getElementById("job-progress");
  var label = document.getElementById("job-state");

  function poll() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (data) {
        if (data.finished) { window.location.reload(); return; }
        bar.value = data.progress;
        bar.textContent = data.progress_label;
        label.textContent = data.state_label + " — " + data.progress_label;
        window.setTimeout(poll, 1500);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
