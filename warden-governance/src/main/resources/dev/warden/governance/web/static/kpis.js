// KPI charts drawn by uPlot (served from its webjar): sessions over their maximum per ISO week, one series per
// tier, and findings per quarter. uPlot draws numbers on x: the index of each week or quarter, labelled.
(function () {
  'use strict';
  const COLOURS = ['#1f5fbf', '#b3261e', '#1e7b34', '#a05a00', '#6b3fa0', '#00838f'];

  function chart(el, title, labels, series) {
    if (labels.length === 0) {
      el.textContent = 'Nothing recorded in this period.';
      return;
    }
    const xs = labels.map((_, i) => i);
    const opts = {
      title: title,
      width: Math.max(320, el.clientWidth - 8),
      height: 240,
      scales: { x: { time: false, range: [-0.6, labels.length - 0.4] }, y: { range: (u, min, max) => [0, Math.max(1, max)] } },
      axes: [
        { values: (u, ticks) => ticks.map((t) => Number.isInteger(t) && labels[t] !== undefined ? labels[t] : ''),
          incrs: [1] },
        { incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] }
      ],
      series: [{ label: 'period', value: (u, v) => v == null ? '' : labels[v] }].concat(series.map((s, i) => ({
        label: s.label,
        stroke: COLOURS[i % COLOURS.length],
        fill: COLOURS[i % COLOURS.length] + '55',
        width: 1,
        paths: uPlot.paths.bars({ size: [0.7 / series.length, 60], align: 0, gap: 1 })
      })))
    };
    el.replaceChildren();
    new uPlot(opts, [xs].concat(series.map((s) => s.values)), el);
  }

  fetch('/api/kpis' + window.location.search, { credentials: 'same-origin' })
    .then((r) => { if (!r.ok) throw new Error('HTTP ' + r.status); return r.json(); })
    .then((k) => {
      chart(document.getElementById('chart-weeks'), 'Sessions over their maximum per week', k.weeks,
        Object.entries(k.overMaxPerTier).map(([tier, values]) => ({ label: tier, values: values })));
      chart(document.getElementById('chart-quarters'), 'Findings per quarter', k.quarters,
        [{ label: 'findings', values: k.findings }]);
      document.body.dataset.charts = 'drawn';
    })
    .catch((e) => { document.getElementById('chart-weeks').textContent = 'cannot load the KPIs: ' + e.message; });
})();
