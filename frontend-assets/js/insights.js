// Query insights: the time chart (Chart.js, queries per minute and time, deploy markers) and the sortable table.
(function () {
  'use strict';

  function pad(n) { return (n < 10 ? '0' : '') + n; }
  function label(ms) {
    var d = new Date(ms);
    return pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' ' + pad(d.getHours()) + ':' + pad(d.getMinutes());
  }

  // Vertical lines for cutovers (blue) and reverts (orange), with their labels.
  var markers = {
    id: 'llMarkers',
    afterDatasetsDraw: function (chart, args, options) {
      var x = chart.scales.x, area = chart.chartArea, ctx = chart.ctx;
      (options.items || []).forEach(function (m) {
        var px = x.getPixelForValue(m.at);
        if (px < area.left || px > area.right) { return; }
        ctx.save();
        ctx.strokeStyle = m.kind === 'cutover' ? '#0d6efd' : '#fd7e14';
        ctx.setLineDash([4, 3]);
        ctx.beginPath(); ctx.moveTo(px, area.top); ctx.lineTo(px, area.bottom); ctx.stroke();
        ctx.fillStyle = ctx.strokeStyle;
        ctx.font = '11px sans-serif';
        ctx.fillText(m.label, Math.min(px + 3, area.right - 70), area.top + 10);
        ctx.restore();
      });
    }
  };

  function drawChart() {
    var canvas = document.getElementById('insights-chart');
    if (!canvas || typeof Chart === 'undefined') { return; }
    var data = JSON.parse(canvas.dataset.chart);
    var points = data.points;
    new Chart(canvas, {
      type: 'line',
      data: {
        datasets: [
          { label: 'Queries per minute', yAxisID: 'count', borderColor: '#0d6efd', backgroundColor: '#0d6efd',
            data: points.map(function (p) { return { x: p.at, y: p.count }; }) },
          { label: 'Total time (ms)', yAxisID: 'ms', borderColor: '#6f42c1', backgroundColor: '#6f42c1',
            data: points.map(function (p) { return { x: p.at, y: p.totalMs }; }) },
          { label: 'Average time (ms)', yAxisID: 'ms', borderColor: '#d63384', backgroundColor: '#d63384', borderDash: [5, 3],
            data: points.map(function (p) { return { x: p.at, y: p.avgMs }; }) }
        ]
      },
      options: {
        animation: false, maintainAspectRatio: false, parsing: false,
        interaction: { mode: 'nearest', axis: 'x', intersect: false },
        scales: {
          x: { type: 'linear', min: data.from, max: data.to, ticks: { callback: function (v) { return label(v); }, maxTicksLimit: 8 } },
          count: { type: 'linear', position: 'left', beginAtZero: true, title: { display: true, text: 'per minute' } },
          ms: { type: 'linear', position: 'right', beginAtZero: true, grid: { drawOnChartArea: false },
                title: { display: true, text: 'ms' } }
        },
        plugins: {
          llMarkers: { items: data.markers },
          tooltip: { callbacks: { title: function (items) { return items.length ? label(items[0].parsed.x) : ''; } } }
        }
      },
      plugins: [markers]
    });
  }

  // Sorting the patterns table by a column's data-* value, descending first.
  function sortable() {
    document.querySelectorAll('table.ll-sortable').forEach(function (table) {
      table.querySelectorAll('button[data-sort]').forEach(function (button) {
        button.addEventListener('click', function () {
          var key = button.dataset.sort, th = button.closest('th');
          var descending = th.getAttribute('aria-sort') !== 'descending';
          table.querySelectorAll('th[aria-sort]').forEach(function (h) { h.removeAttribute('aria-sort'); });
          th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
          var body = table.tBodies[0];
          var rows = Array.prototype.slice.call(body.rows);
          rows.sort(function (a, b) {
            var d = parseFloat(a.dataset[key]) - parseFloat(b.dataset[key]);
            return descending ? -d : d;
          });
          rows.forEach(function (r) { body.appendChild(r); });
        });
      });
    });
  }

  function init() { drawChart(); sortable(); }
  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', init); } else { init(); }
})();
