// The active sessions page: one page of /api/sessions at a time, refreshed every few seconds, filtered on the
// server; the terminate button asks for a reason and posts it with the session's CSRF token.
(function () {
  'use strict';
  const REFRESH_MS = 5000;
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const operator = document.body.dataset.role === 'operator';
  const filters = document.getElementById('filters');
  const tbody = document.querySelector('#sessions tbody');
  const count = document.getElementById('count');
  const updated = document.getElementById('updated');
  const range = document.getElementById('range');
  const prev = document.getElementById('prev');
  const next = document.getElementById('next');
  const result = document.getElementById('terminate-result');
  const dialog = document.getElementById('terminate-dialog');
  const limit = 50;
  let offset = 0;
  let total = 0;
  let chosen = null;

  function cell(text, cls) {
    const td = document.createElement('td');
    td.textContent = text == null ? '—' : text;
    if (cls) td.className = cls;
    return td;
  }

  function row(s) {
    const tr = document.createElement('tr');
    tr.dataset.sessionId = s.sessionId;
    if (s.timeLeftSeconds != null && s.timeLeftSeconds <= 0) tr.className = 'late';
    tr.append(cell(s.sessionId, 'id'), cell(s.accountId), cell(s.region), cell(s.tier, 'tier'),
      cell(s.principal, 'principal'), cell(s.target, 'target'), cell(s.owner, 'owner'), cell(s.age, 'age'),
      cell(s.timeLeft, 'left'));
    const actions = document.createElement('td');
    if (operator) {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'terminate';
      b.textContent = 'Terminate';
      b.addEventListener('click', () => ask(s));
      actions.append(b);
    }
    tr.append(actions);
    return tr;
  }

  async function load() {
    const params = new URLSearchParams();
    for (const [k, v] of new FormData(filters)) {
      if (v) params.set(k, v);
    }
    params.set('offset', offset);
    params.set('limit', limit);
    let page;
    try {
      const r = await fetch('/api/sessions?' + params, { credentials: 'same-origin' });
      if (r.status === 401) {
        window.location.assign('/login');
        return;
      }
      if (!r.ok) throw new Error('HTTP ' + r.status);
      page = await r.json();
    } catch (e) {
      updated.textContent = 'cannot refresh: ' + e.message;
      return;
    }
    total = page.total;
    tbody.replaceChildren(...page.sessions.map(row));
    count.textContent = total + (total === 1 ? ' active session' : ' active sessions');
    range.textContent = total === 0 ? '' : (offset + 1) + '–' + (offset + page.sessions.length) + ' of ' + total;
    prev.disabled = offset === 0;
    next.disabled = offset + limit >= total;
    updated.textContent = '· updated ' + new Date().toLocaleTimeString();
    document.body.dataset.loaded = 'true';
  }

  function ask(s) {
    chosen = s;
    document.getElementById('terminate-what').textContent =
      s.sessionId + ' of ' + s.principal + ' on ' + s.target + ' (' + s.accountId + ' ' + s.region + ')';
    document.getElementById('terminate-reason').value = '';
    dialog.showModal();
  }

  async function terminate() {
    const reason = document.getElementById('terminate-reason').value.trim();
    const s = chosen;
    dialog.close();
    result.textContent = 'Terminating ' + s.sessionId + '…';
    try {
      const r = await fetch('/api/sessions/terminate', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
        body: JSON.stringify({ accountId: s.accountId, region: s.region, sessionId: s.sessionId, reason: reason })
      });
      const body = await r.json();
      result.textContent = r.ok ? s.sessionId + ': ' + body.status
        : 'Not terminated: ' + (body.error || body.status || ('HTTP ' + r.status));
    } catch (e) {
      result.textContent = 'Not terminated: ' + e.message;
    }
    load();
  }

  filters.addEventListener('submit', (e) => { e.preventDefault(); offset = 0; load(); });
  prev.addEventListener('click', () => { offset = Math.max(0, offset - limit); load(); });
  next.addEventListener('click', () => { if (offset + limit < total) { offset += limit; load(); } });
  if (dialog) {
    document.getElementById('terminate-form').addEventListener('submit', (e) => { e.preventDefault(); terminate(); });
    document.getElementById('terminate-cancel').addEventListener('click', () => dialog.close());
  }
  load();
  setInterval(load, REFRESH_MS);
})();
