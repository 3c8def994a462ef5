// Exemptions: grant (a JSON POST) and revoke (DELETE), each with the session's CSRF token; the page reloads after.
(function () {
  'use strict';
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const form = document.getElementById('grant-form');
  const result = document.getElementById('grant-result');

  async function send(method, url, body) {
    const r = await fetch(url, {
      method: method,
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
      body: body == null ? null : JSON.stringify(body)
    });
    const answer = await r.json();
    if (!r.ok) throw new Error(answer.error || ('HTTP ' + r.status));
    return answer;
  }

  if (form) {
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const f = new FormData(form);
      try {
        await send('POST', '/api/exemptions', {
          principal: f.get('principal'), target: f.get('target'), reason: f.get('reason'),
          ticket: f.get('ticket'), hours: Number(f.get('hours'))
        });
        window.location.reload();
      } catch (err) {
        result.textContent = 'Not granted: ' + err.message;
      }
    });
  }
  for (const b of document.querySelectorAll('button.revoke')) {
    b.addEventListener('click', async () => {
      try {
        await send('DELETE', '/api/exemptions/' + encodeURIComponent(b.dataset.id));
        window.location.reload();
      } catch (err) {
        b.textContent = 'Not revoked: ' + err.message;
      }
    });
  }
})();
