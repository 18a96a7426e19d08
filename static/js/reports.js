// Reports: each narrative is saved as it is typed (a second after the last key), with a
// status beside it; without JavaScript the form's button saves them all. Each save sends the
// version of the text it last loaded or saved (the hidden "version-<name>" input) and keeps
// the new one from the answer, one save at a time, so a writer's own saves never clash; a
// refused save (someone else saved a newer text: 409) keeps the typed text, says so and
// shows theirs, with a button to replace it deliberately.
(function () {
  function start() {
    document.querySelectorAll("form[data-autosave]").forEach(function (form) {
      var url = form.dataset.autosave;
      var token = form.querySelector("input[name=csrfmiddlewaretoken]");
      form.querySelectorAll("textarea[data-section]").forEach(function (area) {
        var timer = null;
        var busy = false;
        var again = false;
        var status = document.getElementById(area.id + "-status");
        var version = form.querySelector('input[name="version-' + area.name + '"]');
        var theirs = document.getElementById(area.id + "-theirs");
        function say(text, alarm) {
          if (!status) return;
          status.textContent = text;
          status.setAttribute("role", alarm ? "alert" : "status");
        }
        function showTheirs(answer) {
          if (!theirs) return;
          theirs.querySelector("blockquote").textContent = answer.current.text || "—";
          var button = theirs.querySelector("button");
          if (!button) {
            button = document.createElement("button");
            button.type = "button";
            button.className = "button";
            button.textContent = form.dataset.overwrite;
            theirs.appendChild(button);
          }
          button.onclick = function () {
            if (version) version.value = answer.current.version;
            save();
          };
          theirs.hidden = false;
        }
        function save() {
          if (busy) { again = true; return; }
          busy = true;
          var body = new FormData();
          body.append("section", area.dataset.section);
          body.append("lang", area.dataset.lang || "en");
          body.append("text", area.value);
          body.append("version", version ? version.value : "");
          say(form.dataset.saving);
          fetch(url, {
            method: "POST",
            body: body,
            credentials: "same-origin",
            headers: { "X-CSRFToken": token ? token.value : "" },
          })
            .then(function (r) {
              return r.json().catch(function () { return { detail: String(r.status) }; })
                .then(function (j) { if (!r.ok) throw j; return j; });
            })
            .then(function (j) {
              if (version) version.value = j.version;
              if (theirs) theirs.hidden = true;
              say(form.dataset.saved);
            })
            .catch(function (err) {
              if (err && err.current) { say(err.detail, true); showTheirs(err); }
              else say(form.dataset.failed + " " + ((err && (err.detail || err.message)) || ""), true);
            })
            .then(function () {
              busy = false;
              if (again) { again = false; save(); }
            });
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
