/* Draws each statistics chart with the locally served Apache ECharts; the tables under the charts carry the same numbers. */
(function () {
  "use strict";
  var COLOURS = ["#1d4f91", "#c0272d", "#1f7a3a", "#7a4a21", "#7b1023", "#5b6770", "#b8860b", "#2f8f9d"];

  function option(data) {
    var base = { color: COLOURS, tooltip: { trigger: data.kind === "pie" ? "item" : "axis" }, animation: false };
    if (data.kind === "pie") {
      var series = data.series[0];
      base.series = [{
        type: "pie", name: series.name, radius: ["35%", "65%"],
        data: data.categories.map(function (name, i) { return { name: name, value: series.data[i] }; })
      }];
      base.legend = { bottom: 0 };
      return base;
    }
    var ranked = data.kind === "ranked";
    var category = { type: "category", data: data.categories, inverse: ranked, axisLabel: { width: 160, overflow: "truncate" } };
    var value = { type: "value", minInterval: 1 };
    base.legend = { top: 0 };
    base.grid = { left: ranked ? 170 : 50, right: 24, top: 36, bottom: 40, containLabel: !ranked };
    base.xAxis = ranked ? value : category;
    base.yAxis = ranked ? category : value;
    base.series = data.series.map(function (s) {
      return { type: data.kind === "line" ? "line" : "bar", name: s.name, data: s.data, stack: ranked ? "total" : undefined };
    });
    return base;
  }

  function draw() {
    if (typeof echarts === "undefined") { return; }
    document.querySelectorAll("[data-chart-for]").forEach(function (element) {
      var script = document.getElementById("chart-data-" + element.getAttribute("data-chart-for"));
      if (!script) { return; }
      var data = JSON.parse(script.textContent);
      if (data.kind === "ranked") {
        element.style.height = Math.max(240, 28 * data.categories.length + 60) + "px";
      }
      var chart = echarts.init(element, null, { renderer: "svg" });
      chart.setOption(option(data));
      element.setAttribute("data-drawn", "true");
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
