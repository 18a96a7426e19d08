// Render every Vega-Lite spec on the page: <div data-vega="ID"> with <script id="ID" type="application/json">.
(function () {
  function render() {
    document.querySelectorAll("[data-vega]").forEach(function (el) {
      var source = document.getElementById(el.dataset.vega);
      if (!source || el.dataset.rendered) return;
      el.dataset.rendered = "1";
      vegaEmbed(el, JSON.parse(source.textContent), { actions: false, renderer: "svg" })
        .then(function (result) { el.setAttribute("data-ready", "1"); })
        .catch(function (err) { el.textContent = "Chart could not be drawn: " + err; });
    });
  }
  document.addEventListener("DOMContentLoaded", render);
  document.addEventListener("htmx:afterSettle", render);
})();
