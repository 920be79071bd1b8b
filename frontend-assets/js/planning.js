// Planning pages: ranked lists people reorder by dragging (SortableJS), and the burndown and velocity charts
// (Chart.js). Every drag posts the same move a button would; the page reloads when the server refuses it.
(function () {
  'use strict';

  function csrf() {
    var token = document.querySelector('meta[name="_csrf"]');
    var header = document.querySelector('meta[name="_csrf_header"]');
    return token && header ? [header.content, token.content] : null;
  }

  function move(item, list, before, after) {
    var body = new URLSearchParams();
    if (list !== null) { body.set('list', list); }
    if (before) { body.set('before', before); }
    if (after) { body.set('after', after); }
    var headers = { 'X-Requested-With': 'fetch', 'Content-Type': 'application/x-www-form-urlencoded' };
    var token = csrf();
    if (token) { headers[token[0]] = token[1]; }
    return fetch('/work-items/' + item + '/move', { method: 'POST', headers: headers, body: body, credentials: 'same-origin' })
      .then(function (response) {
        if (!response.ok) {
          var message = response.status === 404
            ? 'Someone else deleted or moved that item; this is the list as it is now.'
            : response.status === 409
              ? 'That iteration is completed; its items stay as they are.'
              : response.status === 403
                ? 'Only project managers plan; the list is shown as it is.'
                : 'The move did not go through (HTTP ' + response.status + '); this is the list as it is now.';
          sessionStorage.setItem('ll-planning-error', message);
          throw new Error(message);
        }
      });
  }

  // A move that failed is explained after the page reloads with the list as the server has it.
  function showStoredError() {
    var message = sessionStorage.getItem('ll-planning-error');
    if (!message) { return; }
    sessionStorage.removeItem('ll-planning-error');
    var main = document.querySelector('main');
    // the server usually says why itself (the page's error alert); this is for when it could not
    if (!main || document.querySelector('[data-testid="error"]')) { return; }
    var alert = document.createElement('div');
    alert.className = 'alert alert-warning';
    alert.setAttribute('role', 'alert');
    alert.dataset.testid = 'planning-error';
    alert.textContent = message;
    main.insertBefore(alert, main.firstChild);
  }

  function initSortable() {
    if (typeof Sortable === 'undefined') { return; }
    document.querySelectorAll('[data-sortable]').forEach(function (list) {
      Sortable.create(list, {
        group: list.dataset.sortable,
        handle: '.ll-handle',
        forceFallback: true,
        animation: 120,
        onEnd: function (event) {
          var element = event.item;
          var next = element.nextElementSibling;
          var previous = element.previousElementSibling;
          var target = event.to.dataset.list;
          var sameList = event.from === event.to;
          if (sameList && event.oldIndex === event.newIndex) { return; }
          move(element.dataset.id, sameList ? null : target,
               next ? next.dataset.id : null, next ? null : (previous ? previous.dataset.id : null))
            .then(function () { if (!sameList) { window.location.reload(); } })
            .catch(function () { window.location.reload(); });
        }
      });
    });
  }

  function chart(canvas, config) {
    if (typeof Chart === 'undefined' || !canvas) { return; }
    return new Chart(canvas, config);
  }

  function initCharts() {
    var burndown = document.getElementById('burndown');
    if (burndown) {
      var data = JSON.parse(burndown.dataset.burndown);
      chart(burndown, {
        type: 'line',
        data: {
          labels: data.labels,
          datasets: [
            { label: 'Remaining', data: data.remaining, borderColor: '#2f6fed', backgroundColor: '#2f6fed', tension: 0 },
            { label: 'Ideal', data: data.ideal, borderColor: '#9aa5b8', borderDash: [6, 4], pointRadius: 0 },
            { label: 'Scope', data: data.scope, borderColor: '#e08a00', stepped: true, pointRadius: 0 },
            { label: 'Completed', data: data.completed, borderColor: '#1f9d55', pointRadius: 0 }
          ]
        },
        options: { animation: false, maintainAspectRatio: false, scales: { y: { beginAtZero: true, title: { display: true, text: 'points' } } } }
      });
    }
    var velocity = document.getElementById('velocity');
    if (velocity) {
      var v = JSON.parse(velocity.dataset.velocity);
      chart(velocity, {
        type: 'bar',
        data: {
          labels: v.labels,
          datasets: [
            { label: 'Committed', data: v.committed, backgroundColor: '#9aa5b8' },
            { label: 'Completed', data: v.completed, backgroundColor: '#1f9d55' }
          ]
        },
        options: { animation: false, maintainAspectRatio: false, scales: { y: { beginAtZero: true, title: { display: true, text: 'points' } } } }
      });
    }
  }

  document.addEventListener('DOMContentLoaded', function () {
    showStoredError();
    initSortable();
    initCharts();
  });
}());
