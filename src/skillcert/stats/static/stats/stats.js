/* Draws each statistics chart with the locally served Apache ECharts; the tables under the charts carry the same numbers. */
(function () {
  "use strict";
  var COLOURS = ["#1d4f91", "#c0272d", "#1f7a3a", "#7a4a21", "#7b1023", "#5b6770", "#b8860b", "#2f8f9d"];

  /* Room for the names of a ranked (horizontal) chart: at most 160 px, less on a phone. */
  function rankedLabelWidth(width) {
    return Math.max(72, Math.min(160, Math.round(width * 0.4)));
  }

  /* Every label of a bar chart is shown (ECharts would drop every other one when they crowd: the five
     levels lost 中级 and 技师): each wraps within its own slot instead. A ranked chart has a row per
     name, so its names are cut to the room beside the bars, the tooltip and the table giving them whole.
     A monthly trend keeps ECharts' spacing: its months read in order even when some are skipped. */
  function categoryLabels(data, width, ranked) {
    if (ranked) {
      return { interval: 0, width: rankedLabelWidth(width), overflow: "truncate" };
    }
    if (data.kind === "line") {
      return { hideOverlap: true };
    }
    var slot = Math.max(36, Math.floor((width - 80) / Math.max(1, data.categories.length)) - 6);
    return { interval: 0, hideOverlap: false, width: slot, overflow: "break", lineHeight: 14 };
  }

  function option(data, width) {
    var base = { color: COLOURS, tooltip: { trigger: data.kind === "pie" ? "item" : "axis" }, animation: false };
    if (data.kind === "pie") {
      var series = data.series[0];
      base.series = [{
        type: "pie", name: series.name, radius: ["35%", "65%"],
        data: data.categories.map(function (name, i) { return { name: name, value: series.data[i] }; })
      }];
      base.legend = { bottom: 0, type: "scroll" };
      return base;
    }
    var ranked = data.kind === "ranked";
    var category = { type: "category", data: data.categories, inverse: ranked, axisLabel: categoryLabels(data, width, ranked) };
    var value = { type: "value", minInterval: 1 };
    base.legend = { top: 0 };
    base.grid = { left: ranked ? rankedLabelWidth(width) + 10 : 50, right: 24, top: 36, bottom: 40, containLabel: !ranked };
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
        element.style.height = Math.max(240, 22 * data.categories.length + 60) + "px";
      }
      var chart = echarts.init(element, null, { renderer: "svg" });
      chart.setOption(option(data, element.clientWidth || 600));
      element.setAttribute("data-drawn", "true");
      window.addEventListener("resize", function () {
        chart.setOption(option(data, element.clientWidth || 600));
        chart.resize();
      });
    });
  }

  /* A long table shows its first rows and a button for the rest (without the script every row shows). */
  function fold() {
    document.querySelectorAll("table[data-fold-after]").forEach(function (table) {
      var keep = parseInt(table.getAttribute("data-fold-after"), 10);
      var rows = table.tBodies[0].rows;
      var button = document.querySelector("[data-unfold='" + table.getAttribute("data-testid").replace("table-", "") + "']");
      if (!button) { return; }
      for (var i = keep; i < rows.length; i++) { rows[i].hidden = true; }
      button.parentNode.hidden = false;
      button.addEventListener("click", function () {
        for (var j = keep; j < rows.length; j++) { rows[j].hidden = false; }
        button.setAttribute("aria-expanded", "true");
        button.parentNode.hidden = true;
      });
    });
  }

  function start() {
    fold();
    draw();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
