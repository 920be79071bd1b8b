// The DORA page's weekly trend (Chart.js): deployments per week and lead/recovery hours as lines, fail and rework
// rates in percent on a second axis.
(function () {
  'use strict';

  document.addEventListener('DOMContentLoaded', function () {
    var canvas = document.getElementById('dora-chart');
    if (!canvas || typeof Chart === 'undefined') { return; }
    var d = JSON.parse(canvas.dataset.dora);
    new Chart(canvas, {
      type: 'line',
      data: {
        labels: d.labels,
        datasets: [
          { label: 'Deployments / week', data: d.frequency, borderColor: '#25489a', backgroundColor: '#25489a', yAxisID: 'y' },
          { label: 'Lead time (h, median)', data: d.leadTime, borderColor: '#1f9d55', backgroundColor: '#1f9d55', yAxisID: 'y' },
          { label: 'Recovery (h, median)', data: d.recovery, borderColor: '#b7791f', backgroundColor: '#b7791f', yAxisID: 'y' },
          { label: 'Change fail rate (%)', data: d.failRate, borderColor: '#c0392b', backgroundColor: '#c0392b', borderDash: [6, 4], yAxisID: 'percent' },
          { label: 'Rework rate (%)', data: d.rework, borderColor: '#6b46c1', backgroundColor: '#6b46c1', borderDash: [2, 3], yAxisID: 'percent' }
        ]
      },
      options: {
        animation: false, maintainAspectRatio: false, spanGaps: true,
        scales: {
          y: { beginAtZero: true, title: { display: true, text: 'count / hours' } },
          percent: { beginAtZero: true, max: 100, position: 'right', grid: { drawOnChartArea: false }, title: { display: true, text: '%' } }
        }
      }
    });
  });
}());
