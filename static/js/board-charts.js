/* Charts of the Board dashboard's tables, drawn from the numbers in the page's json_script element. Each chart is
   hidden from screen readers: the table below it has the same numbers and is what the page is read from. */
(function () {
  "use strict";
  var COLOURS = ["#0a58ca", "#b35c00", "#198754", "#6f42c1", "#d63384", "#0b7285", "#495057", "#8f5d00", "#20c997"];
  function draw() {
    var source = document.getElementById("board-chart-data");
    if (!source || typeof window.Chart === "undefined") return;
    var charts = JSON.parse(source.textContent);
    document.querySelectorAll("canvas[data-board-chart]").forEach(function (canvas) {
      var data = charts[canvas.dataset.boardChart];
      if (!data) return;
      var axis = data.percent ? { beginAtZero: true, max: 100 } : { beginAtZero: true, ticks: { precision: 0 } };
      new window.Chart(canvas, {
        type: data.kind,
        data: {
          labels: data.labels,
          datasets: data.series.map(function (series, i) {
            var colour = COLOURS[i % COLOURS.length];
            return { label: series.label, data: series.data, backgroundColor: colour, borderColor: colour, spanGaps: true };
          })
        },
        options: {
          indexAxis: data.horizontal ? "y" : "x",
          maintainAspectRatio: false,
          animation: false,
          plugins: { legend: { display: data.series.length > 1, position: "bottom" } },
          scales: data.horizontal ? { x: axis } : { y: axis }
        }
      });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
