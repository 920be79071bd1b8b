// The iteration page's Test panel: pass rate (line, left axis) and test time (bars, right axis) per build, from the
// canvas's data-trend JSON ({labels, passRate, seconds}). The same numbers are in the table under the chart.
(function () {
  'use strict';

  function init() {
    var canvas = document.getElementById('test-trend');
    if (!canvas || typeof Chart === 'undefined') { return; }
    var data = JSON.parse(canvas.dataset.trend);
    new Chart(canvas, {
      data: {
        labels: data.labels,
        datasets: [
          { type: 'line', label: 'Pass rate (%)', data: data.passRate, yAxisID: 'rate', borderColor: '#16a38a',
            backgroundColor: '#16a38a', tension: 0 },
          { type: 'bar', label: 'Test time (s)', data: data.seconds, yAxisID: 'time', backgroundColor: '#c9cfdb' }
        ]
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        scales: {
          rate: { position: 'left', min: 0, max: 100, title: { display: true, text: 'pass rate %' } },
          time: { position: 'right', beginAtZero: true, grid: { drawOnChartArea: false }, title: { display: true, text: 'seconds' } }
        }
      }
    });
  }

  document.addEventListener('DOMContentLoaded', init);
}());
