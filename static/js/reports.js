// Reports: each narrative is saved as it is typed (a second after the last key), with a
// status beside it; without JavaScript the form's button saves them all.
(function () {
  function start() {
    document.querySelectorAll("form[data-autosave]").forEach(function (form) {
      var url = form.dataset.autosave;
      var token = form.querySelector("input[name=csrfmiddlewaretoken]");
      form.querySelectorAll("textarea[data-section]").forEach(function (area) {
        var timer = null;
        var status = document.getElementById(area.id + "-status");
        function say(text) { if (status) status.textContent = text; }
        function save() {
          var body = new FormData();
          body.append("section", area.dataset.section);
          body.append("lang", area.dataset.lang || "en");
          body.append("text", area.value);
          say(form.dataset.saving);
          fetch(url, {
            method: "POST",
            body: body,
            credentials: "same-origin",
            headers: { "X-CSRFToken": token ? token.value : "" },
          })
            .then(function (r) {
              if (!r.ok) return r.json().then(function (j) { throw new Error(j.detail || r.status); });
              say(form.dataset.saved);
            })
            .catch(function (err) { say(form.dataset.failed + " " + err.message); });
        }
        area.addEventListener("input", function () {
          clearTimeout(timer);
          timer = setTimeout(function () { timer = null; save(); }, 1000);
        });
        area.addEventListener("blur", function () {
          if (timer) { clearTimeout(timer); timer = null; save(); }
        });
      });
    });
  }
  document.addEventListener("DOMContentLoaded", start);
})();
