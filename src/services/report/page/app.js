/* global document, setTimeout, sessionStorage, fetch, location, history, URLSearchParams, uPlot */
// The report page (docs/operations.md): plain script, no framework, uPlot served by this bot.
// The shell carries no numbers: they come from /admin/report.json with the admin token the
// operator types in (kept in sessionStorage, gone when the tab closes). Texts come from
// /admin/report/locales/<lang> (locales/<lang>/report.json); keys are written in full.
(() => {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const TOKEN_KEY = 'reportToken';
  const ENDINGS = ['contained', 'escalated', 'cancelled', 'abandoned'];
  const RATES = ['containment', 'escalation', 'abandonment'];
  // Colour-blind-safe (Okabe–Ito) and the same order everywhere.
  const COLOURS = ['#009e73', '#0072b2', '#e69f00', '#d55e00', '#cc79a7', '#56b4e9', '#f0e442', '#000000'];
  let texts = {};
  let report = null;
  let lang = new URLSearchParams(location.search).get('locale') === 'en' ? 'en' : 'id';

  const t = (key, vars = {}) => {
    let node = texts;
    for (const part of key.replace(/^report\./, '').split('.')) node = node && node[part];
    const s = typeof node === 'string' ? node : key;
    return s.replace(/\{\{(\w+)\}\}/g, (_, name) => String(vars[name] ?? ''));
  };
  const el = (tag, props = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(props)) if (k === 'class') node.className = v; else node.setAttribute(k, v);
    for (const c of children) node.append(c);
    return node;
  };
  const number = (n, digits = 0) => new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'id-ID', { maximumFractionDigits: digits }).format(n);

  async function loadTexts() {
    texts = await (await fetch(`/admin/report/locales/${lang}`)).json();
    document.documentElement.lang = lang;
    document.title = t('report.title');
    $('lang').value = lang;
    for (const node of document.querySelectorAll('[data-t]')) node.textContent = t(node.getAttribute('data-t'));
  }

  function showLogin(message = '') {
    $('login').hidden = false;
    $('report').hidden = true;
    $('forget').hidden = true;
    $('status').textContent = '';
    $('login-error').textContent = message;
  }

  async function load() {
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (!token) return showLogin();
    $('login').hidden = true;
    $('status').textContent = t('report.loading');
    let res;
    try {
      res = await fetch('/admin/report.json', { headers: { authorization: `Bearer ${token}` } });
    } catch {
      return showLogin(t('report.token.failed'));
    }
    if (res.status === 401 || res.status === 403) {
      sessionStorage.removeItem(TOKEN_KEY);
      return showLogin(t('report.token.wrong'));
    }
    if (!res.ok) return showLogin(t('report.token.failed'));
    report = await res.json();
    $('forget').hidden = false;
    draw();
  }

  function empty(target) {
    target.replaceChildren(el('p', { class: 'empty' }, t('report.noneInChart')));
  }

  /**
   * A chart over the report's days: one line with points per series (a single day must still
   * show). The x axis is the list of days, not a time scale: the days are Jakarta's calendar
   * days whatever the browser's zone, and a day without data is simply not in the list.
   * The legend shows the latest day's values, so numbers are readable without a mouse.
   */
  function dayChart(target, days, series, unit, whole = false) {
    const xs = days.map((_d, i) => i);
    const step = Math.max(1, Math.ceil(days.length / 10));
    const opts = {
      width: Math.max(280, target.clientWidth || 520),
      height: 220,
      scales: { x: { time: false, range: () => [-0.5, days.length - 0.5] }, y: { range: (_u, _min, max) => [0, Math.max(unit === '%' ? 100 : 1, Math.ceil((max || 0) * 1.1))] } },
      axes: [
        { splits: () => xs.filter((i) => (days.length - 1 - i) % step === 0), values: (_u, ticks) => ticks.map((i) => (days[i] ? days[i].day.slice(5) : '')) },
        { ...(whole ? { incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000] } : {}), values: (_u, ticks) => ticks.map((v) => `${number(v, 1)}${unit}`) },
      ],
      series: [{ label: t('report.column.day'), value: (_u, i) => (i == null || !days[i] ? '' : days[i].day) }].concat(
        series.map((s, i) => ({ label: s.label, stroke: COLOURS[i % COLOURS.length], width: 2, spanGaps: true, points: { show: true, size: 9 - (i % 4) * 2, fill: COLOURS[i % COLOURS.length] }, value: (_u, v) => (v == null ? '–' : `${number(v, 1)}${unit}`) })),
      ),
    };
    target.replaceChildren();
    target.setAttribute('role', 'img');
    target.setAttribute('aria-label', series.map((s) => `${s.label}: ${s.values.at(-1) == null ? '–' : `${number(s.values.at(-1), 1)}${unit}`}`).join(', '));
    // uPlot clears the legend once drawn (no cursor yet); fill it with the latest day after.
    opts.hooks = { ready: [(u) => setTimeout(() => u.setLegend({ idx: days.length - 1 }), 0)] };
    new uPlot(opts, [xs, ...series.map((s) => s.values)], target);
  }

  /** A mix (no time axis): an accessible table with a meter per row. */
  function barTable(target, totals) {
    const rows = Object.entries(totals).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);
    if (rows.length === 0) return empty(target);
    const sum = rows.reduce((n, [, v]) => n + v, 0);
    const head = el('tr', {}, el('th', { scope: 'col' }, t('report.column.name')), el('th', { scope: 'col' }, t('report.column.count')), el('th', { scope: 'col' }, t('report.column.share')));
    const body = rows.map(([name, n]) =>
      el('tr', {}, el('th', { scope: 'row' }, name), el('td', { class: 'num' }, number(n)), el('td', {}, el('meter', { min: '0', max: String(sum), value: String(n), title: `${number((100 * n) / sum, 1)}%` }))),
    );
    target.replaceChildren(el('table', { class: 'bars' }, el('thead', {}, head), el('tbody', {}, ...body)));
  }

  const sumOf = (days, field) => {
    const out = {};
    for (const d of days) for (const [k, v] of Object.entries(d[field] || {})) out[k] = (out[k] || 0) + v;
    return out;
  };
  const percent = (v) => (v == null ? null : v * 100);

  function draw() {
    if (!report) return;
    const days = report.days || [];
    $('status').textContent = '';
    if (days.length === 0) {
      $('report').hidden = true;
      $('status').textContent = t('report.empty');
      return;
    }
    $('report').hidden = false;
    $('period').textContent = t('report.period', { from: report.from, to: report.to, timeZone: report.timeZone, days: days.length });
    const plot = (id) => $(id).querySelector('.plot');

    dayChart(plot('endings'), days, ENDINGS.map((e) => ({ label: t(`report.ending.${e}`), values: days.map((d) => d.conversations[e]) })), '', true);
    dayChart(plot('rates'), days, RATES.map((r) => ({ label: t(`report.rate.${r}`), values: days.map((d) => percent(d.rates[r])) })), '%');
    barTable(plot('outcomes'), sumOf(days, 'outcomes'));
    barTable(plot('handoffs'), sumOf(days, 'handoffReasons'));

    const systems = Object.keys(days[0].backend || {}).filter((s) => days.some((d) => d.backend[s] && d.backend[s].requests > 0));
    if (systems.length === 0) empty(plot('backend'));
    else dayChart(plot('backend'), days, systems.map((s) => ({ label: s, values: days.map((d) => percent(d.backend[s] ? d.backend[s].errorRate : null)) })), '%');

    if (!days.some((d) => d.timeToActive.meanSeconds != null)) empty(plot('timeToActive'));
    else dayChart(plot('timeToActive'), days, [{ label: t('report.column.minutes'), values: days.map((d) => (d.timeToActive.meanSeconds == null ? null : d.timeToActive.meanSeconds / 60)) }], '');
  }

  $('login').addEventListener('submit', (event) => {
    event.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $('token').value.trim());
    $('token').value = '';
    void load();
  });
  $('forget').addEventListener('click', () => {
    sessionStorage.removeItem(TOKEN_KEY);
    report = null;
    showLogin();
  });
  $('lang').addEventListener('change', async () => {
    lang = $('lang').value === 'en' ? 'en' : 'id';
    const params = new URLSearchParams(location.search);
    if (lang === 'en') params.set('locale', 'en'); else params.delete('locale');
    history.replaceState(null, '', `${location.pathname}${params.size ? `?${params}` : ''}`);
    await loadTexts();
    if (report) draw(); else if (!$('login').hidden) showLogin();
  });

  void loadTexts().then(load);
})();
