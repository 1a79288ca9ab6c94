/* WhiteCoat charts: every <canvas data-chart="ID"> reads its figures from the json_script
 * element ID (optionally one series of it, data-chart-series) and draws the kind named by
 * data-chart-kind. Runs on load and again after htmx swaps a part of the page. No inline
 * script or style anywhere, for the Content Security Policy. */
(function () {
  "use strict";

  var COLOURS = ["#0b5394", "#b45f06", "#38761d", "#741b47", "#134f5c", "#7f6000", "#3d3d99", "#a61c00"];

  function readData(id) {
    var element = document.getElementById(id);
    if (!element) { return null; }
    try { return JSON.parse(element.textContent); } catch (error) { return null; }
  }

  function dataset(label, data, index, extra) {
    var colour = COLOURS[index % COLOURS.length];
    var set = { label: label, data: data, borderColor: colour, backgroundColor: colour, spanGaps: true, pointRadius: 0, borderWidth: 2 };
    return Object.assign(set, extra || {});
  }

  function config(kind, data, series) {
    var base = { responsive: true, maintainAspectRatio: false, animation: false, plugins: { legend: { position: "bottom" } } };
    if (kind === "bar-horizontal") {
      var chart = series ? data[series] : data;
      return {
        type: "bar",
        data: { labels: chart.labels, datasets: [dataset(chart.title || "", chart.values, 0)] },
        options: Object.assign(base, { indexAxis: "y", plugins: { legend: { display: false } }, scales: { y: { ticks: { autoSkip: false } } } })
      };
    }
    if (kind === "rank") {
      var ranks = data[series];
      return {
        type: "line",
        data: { labels: ranks.labels, datasets: [dataset("Rank", ranks.values, 0, { pointRadius: 3 })] },
        options: Object.assign(base, {
          plugins: { legend: { display: false } },
          scales: { y: { reverse: true, beginAtZero: false, ticks: { precision: 0 }, title: { display: true, text: "Rank (1 is first)" } } }
        })
      };
    }
    if (kind === "line-single") {
      return {
        type: "line",
        data: { labels: data.months, datasets: [dataset("Ambassadors", data[series], 0)] },
        options: Object.assign(base, { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true } } })
      };
    }
    var labels = data.labels || data.months;
    var sets = (data[series] || []).map(function (item, index) {
      return dataset(item.label, item.data, index, kind === "stacked" ? { fill: true } : {});
    });
    var scales = kind === "stacked" ? { y: { stacked: true, beginAtZero: true } } : { y: { beginAtZero: kind === "bar" } };
    return {
      type: kind === "bar" ? "bar" : "line",
      data: { labels: labels, datasets: sets },
      options: Object.assign(base, { scales: scales })
    };
  }

  function draw(root) {
    if (typeof window.Chart === "undefined") { return; }
    var canvases = (root || document).querySelectorAll("canvas[data-chart]");
    canvases.forEach(function (canvas) {
      var data = readData(canvas.dataset.chart);
      if (!data) { return; }
      var previous = window.Chart.getChart(canvas);
      if (previous) { previous.destroy(); }
      var chart = new window.Chart(canvas, config(canvas.dataset.chartKind, data, canvas.dataset.chartSeries));
      canvas.dataset.chartReady = String(chart.data.datasets.reduce(function (n, set) { return n + set.data.length; }, 0));
    });
  }

  function toggleCustomDates() {
    var select = document.getElementById("id_window");
    if (!select) { return; }
    var custom = select.value === "custom";
    document.querySelectorAll(".field-custom").forEach(function (field) {
      field.hidden = !custom;
    });
  }

  function start() {
    draw(document);
    toggleCustomDates();
    var select = document.getElementById("id_window");
    if (select) { select.addEventListener("change", toggleCustomDates); }
    document.body.addEventListener("htmx:afterSettle", function (event) { draw(event.target); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
