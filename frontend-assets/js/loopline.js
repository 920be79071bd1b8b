// Loopline's own browser code: CSRF for htmx, confirmations before destructive actions, copy buttons, local times.
(function () {
  'use strict';

  // htmx requests carry the CSRF token as a header (forms carry it as a hidden field as well).
  document.addEventListener('htmx:configRequest', function (event) {
    var token = document.querySelector('meta[name="_csrf"]');
    var header = document.querySelector('meta[name="_csrf_header"]');
    if (token && header) {
      event.detail.headers[header.content] = token.content;
    }
  });

  // Forms and buttons with data-confirm ask before they submit.
  document.addEventListener('submit', function (event) {
    var form = event.target;
    var submitter = event.submitter;
    var message = (submitter && submitter.dataset.confirm) || form.dataset.confirm;
    if (message && !window.confirm(message)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // Copy buttons: <button data-copy="#selector">.
  document.addEventListener('click', function (event) {
    var button = event.target.closest('[data-copy]');
    if (!button) {
      return;
    }
    var source = document.querySelector(button.dataset.copy);
    if (!source) {
      return;
    }
    var text = source.value || source.textContent;
    navigator.clipboard.writeText(text.trim()).then(function () {
      var label = button.textContent;
      button.textContent = 'Copied';
      setTimeout(function () { button.textContent = label; }, 1500);
    });
  });

  // <time datetime="…Z" data-local-time> shows UTC from the server; this adds the same moment in the browser's zone.
  function two(n) { return (n < 10 ? '0' : '') + n; }
  function localTimes(root) {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'local time';
    var days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
    root.querySelectorAll('time[data-local-time]:not([data-localized])').forEach(function (time) {
      var at = new Date(time.getAttribute('datetime'));
      if (isNaN(at.getTime())) {
        return;
      }
      var local = document.createElement('span');
      local.className = 'll-local-time d-block small text-body-secondary';
      local.textContent = days[at.getDay()] + ' ' + at.getFullYear() + '-' + two(at.getMonth() + 1) + '-'
          + two(at.getDate()) + ' ' + two(at.getHours()) + ':' + two(at.getMinutes()) + ' ' + zone;
      if (at.getTimezoneOffset() === 0) {
        // the browser is on UTC itself: the server's line already says it all
        local.classList.add('d-none');
      }
      time.setAttribute('data-localized', '');
      time.insertAdjacentElement('afterend', local);
    });
  }
  document.addEventListener('DOMContentLoaded', function () { localTimes(document); });
  document.addEventListener('htmx:load', function (event) { localTimes(event.target); });

  // A notice announcing work (data-ll-progress) stays while the page shows work running (data-ll-working, kept up to
  // date by polling) and goes once none runs: "Queued for deploy." must not outlive the deploy.
  function dropFinishedNotices() {
    if (!document.querySelector('[data-ll-working]')) {
      document.querySelectorAll('[data-ll-progress]').forEach(function (notice) { notice.remove(); });
    }
  }
  document.addEventListener('DOMContentLoaded', dropFinishedNotices);
  document.addEventListener('htmx:afterSettle', dropFinishedNotices);

  // Board cards can also be dragged between columns; the drop posts the same request the buttons do.
  document.addEventListener('dragstart', function (event) {
    var card = event.target.closest && event.target.closest('[data-work-item]');
    if (card) {
      event.dataTransfer.setData('text/plain', card.dataset.workItem);
      card.classList.add('dragging');
    }
  });
  document.addEventListener('dragend', function (event) {
    var card = event.target.closest && event.target.closest('[data-work-item]');
    if (card) {
      card.classList.remove('dragging');
    }
  });
  document.addEventListener('dragover', function (event) {
    var column = event.target.closest && event.target.closest('[data-drop-status]');
    if (column) {
      event.preventDefault();
      column.classList.add('drop-target');
    }
  });
  document.addEventListener('dragleave', function (event) {
    var column = event.target.closest && event.target.closest('[data-drop-status]');
    if (column) {
      column.classList.remove('drop-target');
    }
  });
  document.addEventListener('drop', function (event) {
    var column = event.target.closest && event.target.closest('[data-drop-status]');
    if (!column || !window.htmx) {
      return;
    }
    event.preventDefault();
    column.classList.remove('drop-target');
    var id = event.dataTransfer.getData('text/plain');
    if (id) {
      window.htmx.ajax('POST', '/work-items/' + encodeURIComponent(id) + '/status', {
        target: '#board', swap: 'outerHTML', values: { status: column.dataset.dropStatus }
      });
    }
  });
})();
