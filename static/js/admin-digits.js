/* The admin in Persian: Django's admin/js/actions.js writes the "0 of 30 selected" counter
   with Latin digits whenever boxes are ticked; this puts them back in Persian digits. */
(function () {
  "use strict";
  if ((document.documentElement.lang || "").indexOf("fa") !== 0) { return; }
  var PERSIAN = "۰۱۲۳۴۵۶۷۸۹";
  function persian(node) {
    var text = node.textContent;
    var fixed = text.replace(/[0-9]/g, function (digit) { return PERSIAN[digit]; });
    if (fixed !== text) { node.textContent = fixed; }
  }
  function watch() {
    document.querySelectorAll(".actions .action-counter, .actions .all, .actions .question a").forEach(function (node) {
      persian(node);
      new MutationObserver(function () { persian(node); }).observe(node, { childList: true, characterData: true, subtree: true });
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", watch); } else { watch(); }
})();
