/* Bar charts of survey results, drawn from the numbers in the page's json_script element. Every chart has a
   table of the same numbers beside it, so the page says everything without JavaScript. */
(function () {
  "use strict";
  function draw() {
    var source = document.getElementById("results-chart-data");
    if (!source || typeof window.Chart === "undefined") return;
    var charts = JSON.parse(source.textContent);
    var byQuestion = {};
    charts.forEach(function (chart) { byQuestion[chart.question] = chart; });
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var data = byQuestion[canvas.dataset.chart];
      if (!data) return;
      new window.Chart(canvas, {
        type: "bar",
        data: {
          labels: data.labels,
          datasets: [{ label: "People", data: data.counts, backgroundColor: "#0a58ca" }]
        },
        options: {
          indexAxis: "y",
          maintainAspectRatio: false,
          animation: false,
          plugins: {
            legend: { display: false },
            tooltip: {
              callbacks: {
                label: function (item) {
                  var pct = data.percents[item.dataIndex];
                  return item.formattedValue + (pct === null ? "" : " (" + pct + "%)");
                }
              }
            }
          },
          scales: { x: { beginAtZero: true, ticks: { precision: 0 } } }
        }
      });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
