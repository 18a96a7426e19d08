// Render every Vega-Lite spec on the page: <div data-vega="ID"> with <script id="ID" type="application/json">.
// Numbers and dates follow the page's language (the locale in includes/chart_scripts.html).
(function () {
  var localeSource = document.getElementById("chart-locale");
  var locale = localeSource ? JSON.parse(localeSource.textContent) : {};
  // ast: Vega's expression interpreter instead of eval, so the Content-Security-Policy needs
  // no 'unsafe-eval'.
  var options = { actions: false, renderer: "svg", ast: true };
  if (locale.format) options.formatLocale = locale.format;
  if (locale.time) options.timeFormatLocale = locale.time;

  function render() {
    document.querySelectorAll("[data-vega]").forEach(function (el) {
      var source = document.getElementById(el.dataset.vega);
      if (!source || el.dataset.rendered) return;
      el.dataset.rendered = "1";
      var spec = JSON.parse(source.textContent);
      vegaEmbed(el, spec, options)
        .then(function () {
          // The container's own (translated) label describes the chart: Vega's English
          // screen-reader text inside it would only repeat it in the wrong language.
          var svg = el.querySelector("svg");
          if (svg && el.getAttribute("aria-label")) svg.setAttribute("aria-hidden", "true");
          el.setAttribute("data-ready", "1");
        })
        .catch(function (err) { el.textContent = (locale.failed || "The chart could not be drawn:") + " " + err; });
    });
  }
  document.addEventListener("DOMContentLoaded", render);
  document.addEventListener("htmx:afterSettle", render);
})();
