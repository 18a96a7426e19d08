// Surveys: the respondent's pages save each answer as it is given (autosave) and filter the
// list of organisations; without JavaScript the buttons save the page. No inline script.
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn);
  }
  ready(function () {
    var form = document.querySelector("form[data-autosave]");
    if (form) {
      var status = form.querySelector(".autosave-status");
      var timer = null;
      var save = function () {
        var data = new FormData(form);
        data.set("autosave", "1");
        data.delete("go");
        fetch(window.location.pathname, { method: "POST", body: data, credentials: "same-origin",
          headers: { "X-Requested-With": "fetch" } })
          .then(function (r) { return r.json().then(function (j) { return [r.ok, j]; }); })
          .then(function (res) {
            if (!status) return;
            status.textContent = res[0] ? (form.dataset.savedText || status.dataset.saved || "✓")
              : (res[1].detail || "");
          })
          .catch(function () { if (status) status.textContent = ""; });
      };
      form.addEventListener("change", function () {
        if (timer) clearTimeout(timer);
        timer = setTimeout(save, 300);
      });
    }
    var search = document.querySelector("input[data-filter]");
    if (search) {
      var rows = document.querySelectorAll(search.dataset.filter);
      search.addEventListener("input", function () {
        var q = search.value.trim().toLowerCase();
        rows.forEach(function (row) {
          row.hidden = q !== "" && (row.dataset.name || "").indexOf(q) === -1;
        });
      });
    }
  });
})();
