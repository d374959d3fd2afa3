// The pathstats dashboard: plain browser JavaScript over the HTTP API, no build step. Every list
// is paged by the server (GET /paths), so the page stays as light at 20,000 routes as at 20.
// The admin token lives in this tab's memory only: never stored, sent only as a bearer token.
'use strict';

const POLL_MS = 5000;
const $ = (id) => document.getElementById(id);
const state = { window: '24h', q: '', proxyId: '', sort: 'requests', order: 'desc', page: 1, limit: 25, selected: null, token: '' };
const counters = { at: 0, valid: null };
let charts = [];

function fmt(n, digits = 0) {
  if (n === null || n === undefined || Number.isNaN(n)) return '–';
  return Number(n).toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}
function fmtBytes(b) {
  if (b === null || b === undefined) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (b >= 1024 && i < units.length - 1) { b /= 1024; i++; }
  return `${b.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}
function fmtAge(seconds) {
  if (seconds === null || seconds === undefined || Number.isNaN(seconds)) return '–';
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
function text(el, value) { el.textContent = value; return el; }
function cell(row, value, cls) { const td = row.insertCell(); if (cls) td.className = cls; text(td, value); return td; }
function facts(dl, entries) {
  dl.replaceChildren();
  for (const [k, v] of entries) {
    dl.append(text(document.createElement('dt'), k), text(document.createElement('dd'), v));
  }
}

/** GET or PUT as JSON; an answer that is not 2xx becomes an Error with the API's own message. */
async function api(path, options = {}) {
  const headers = { Accept: 'application/json', ...(options.headers || {}) };
  if (options.admin && state.token) headers.Authorization = `Bearer ${state.token}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, { method: options.method || 'GET', headers, cache: 'no-cache',
    body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const type = res.headers.get('Content-Type') || '';
  const body = type.includes('json') ? await res.json() : await res.text();
  if (!res.ok) {
    const message = body && body.error ? body.error.message : `${res.status} ${res.statusText}`;
    const error = new Error(message);
    error.status = res.status;
    throw error;
  }
  return body;
}

// ---- top routes

function pathsQuery() {
  const p = new URLSearchParams({ window: state.window, sort: state.sort, order: state.order, page: state.page, limit: state.limit });
  if (state.q) p.set('q', state.q);
  if (state.proxyId) p.set('proxyId', state.proxyId);
  return `/paths?${p}`;
}

async function loadRoutes() {
  try {
    const r = await api(pathsQuery());
    $('routes-error').textContent = '';
    const rows = $('rows');
    rows.replaceChildren();
    for (const item of r.data) {
      const tr = rows.insertRow();
      tr.dataset.route = item.route;
      tr.dataset.proxy = item.proxyId;
      if (state.selected && state.selected.route === item.route && state.selected.proxyId === item.proxyId) tr.classList.add('selected');
      cell(tr, item.route, 'route').title = item.route;
      cell(tr, item.proxyId);
      cell(tr, fmt(item.requestCount), 'num');
      cell(tr, fmt(item.errorCount), 'num');
      cell(tr, `${fmt(item.errorRate * 100, 2)} %`, 'num');
      cell(tr, fmt(item.clientErrorCount), 'num');
      cell(tr, fmt(item.avgLatencyMs, 1), 'num');
      cell(tr, fmt(item.p50LatencyMs, 1), 'num');
      cell(tr, fmt(item.p95LatencyMs, 1), 'num');
      cell(tr, fmt(item.p99LatencyMs, 1), 'num');
      cell(tr, new Date(item.lastAccessed).toLocaleString());
      tr.addEventListener('click', () => select(item.route, item.proxyId));
    }
    if (r.data.length === 0) {
      const tr = rows.insertRow();
      const td = cell(tr, state.q || state.proxyId ? 'No route matches.' : 'No traffic in this window yet.', 'muted');
      td.colSpan = 11;
    }
    const p = r.pagination;
    text($('page'), `page ${p.page} of ${Math.max(1, p.totalPages)} · ${fmt(p.total)} routes`);
    $('prev').disabled = !p.hasPrev;
    $('next').disabled = !p.hasNext;
    const m = r.metadata;
    const age = m.dataSource === 'snapshot' ? `, snapshot ${m.version}, ${fmtAge(m.ageSeconds)} old` : (m.ageSeconds ? `, ${fmtAge(m.ageSeconds)} old` : '');
    text($('source'), `source: ${m.dataSource}${age} · window ${m.window ? `${m.window.from} – ${m.window.to}` : state.window}`);
  } catch (e) {
    text($('routes-error'), e.message);
  }
}

function markSorted() {
  for (const th of document.querySelectorAll('th[data-sort]')) {
    th.classList.toggle('sorted', th.dataset.sort === state.sort);
    th.classList.toggle('asc', th.dataset.sort === state.sort && state.order === 'asc');
  }
}

// ---- one route's hours

const SERIES_DAYS = { '1h': 1, '6h': 1, '24h': 1, '7d': 7, '30d': 30 };

async function select(route, proxyId) {
  state.selected = { route, proxyId };
  for (const tr of $('rows').rows) tr.classList.toggle('selected', tr.dataset.route === route && tr.dataset.proxy === proxyId);
  await loadSeries();
}

async function loadSeries() {
  if (!state.selected) return;
  const { route, proxyId } = state.selected;
  const to = new Date();
  const from = new Date(to.getTime() - SERIES_DAYS[state.window] * 86400000);
  const p = new URLSearchParams({ route, proxyId, from: from.toISOString(), to: to.toISOString() });
  try {
    const r = await api(`/paths/timeseries?${p}`);
    const firstShown = $('series').hidden;
    $('series').hidden = false;
    text($('series-title'), `${route} · ${proxyId} · per hour`);
    const hours = r.data.map((d) => Date.parse(d.hour) / 1000);
    const width = Math.max(320, $('series').clientWidth - 40);
    charts.forEach((c) => c.destroy());
    charts = [
      new uPlot({ title: 'Requests and errors', width, height: 220, series: [{},
        { label: 'requests', stroke: '#2563eb' }, { label: '5xx', stroke: '#b91c1c' }, { label: '4xx', stroke: '#d97706' }] },
      [hours, r.data.map((d) => d.requests), r.data.map((d) => d.errors), r.data.map((d) => d.clientErrors)], $('chart-requests')),
      new uPlot({ title: 'Latency (ms)', width, height: 220, series: [{},
        { label: 'p50', stroke: '#15803d' }, { label: 'p95', stroke: '#d97706' }, { label: 'p99', stroke: '#b91c1c' }, { label: 'max', stroke: '#6b7280', dash: [4, 4] }] },
      [hours, r.data.map((d) => d.p50LatencyMs), r.data.map((d) => d.p95LatencyMs), r.data.map((d) => d.p99LatencyMs), r.data.map((d) => d.maxLatencyMs)],
      $('chart-latency')),
    ];
    if (firstShown) $('series').scrollIntoView({ behavior: 'smooth', block: 'start' });
  } catch (e) {
    text($('routes-error'), e.message);
  }
}

// ---- pipeline health, from this server's /metrics and /health

function parseMetrics(body) {
  const samples = [];
  for (const line of body.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = line.match(/^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)/);
    if (!m) continue;
    const labels = {};
    for (const l of (m[3] || '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = l[2];
    samples.push({ name: m[1], labels, value: Number(m[4]) });
  }
  return samples;
}

async function loadPipeline() {
  try {
    const res = await fetch('/metrics', { cache: 'no-cache' });
    const samples = parseMetrics(await res.text());
    const of = (name) => samples.filter((s) => s.name === name);
    const valid = of('pathstats_events_valid_total');
    if (valid.length === 0) {
      facts($('pipeline-facts'), [['pipeline', 'not served by this process (its own /metrics has it)']]);
    } else {
      const total = valid.reduce((a, s) => a + s.value, 0);
      const now = Date.now();
      let rate = null;
      if (counters.valid !== null && now > counters.at) rate = ((total - counters.valid) * 1000) / (now - counters.at);
      counters.valid = total;
      counters.at = now;
      const entries = [['events/s validated', rate === null ? 'measuring…' : fmt(rate, 1)]];
      for (const s of of('pathstats_consumer_lag_events')) entries.push([`lag ${s.labels.group}`, `${fmt(s.value)} events`]);
      for (const s of of('pathstats_consumer_oldest_unconsumed_age_seconds')) entries.push([`oldest waiting ${s.labels.group}`, fmtAge(s.value)]);
      for (const s of of('pathstats_snapshot_age_seconds')) entries.push(['snapshot age', fmtAge(s.value)]);
      facts($('pipeline-facts'), entries);
    }
    const dead = $('dead-letters');
    dead.replaceChildren();
    for (const s of of('pathstats_events_invalid_last_hour').sort((a, b) => b.value - a.value)) {
      const tr = dead.insertRow();
      cell(tr, s.labels.reason);
      cell(tr, fmt(s.value), 'num');
    }
  } catch (e) {
    facts($('pipeline-facts'), [['metrics', e.message]]);
  }
  try {
    const res = await fetch('/health', { cache: 'no-cache' });
    const health = await res.json();
    const ul = $('health');
    ul.replaceChildren();
    for (const [name, check] of Object.entries(health.checks)) {
      const li = text(document.createElement('li'), `${name}: ${check.detail}`);
      li.className = check.up ? 'up' : 'down';
      ul.append(li);
    }
  } catch (e) {
    text($('health'), e.message);
  }
}

// ---- archiver (admin token)

async function loadArchiver() {
  const hint = $('archiver-hint');
  if (!state.token) {
    text(hint, 'Enter the admin token to see the jobs and storage.');
    return;
  }
  try {
    const [jobs, storage] = await Promise.all([api('/admin/jobs', { admin: true }), api('/admin/storage', { admin: true })]);
    text(hint, '');
    const tbody = $('jobs');
    tbody.replaceChildren();
    for (const j of jobs.jobs) {
      const tr = tbody.insertRow();
      cell(tr, j.job).title = j.description;
      cell(tr, j.lastRun ? `${j.lastRun.status} ${j.lastRun.finishedAt ? new Date(j.lastRun.finishedAt).toLocaleString() : ''}` : 'never');
      cell(tr, j.nextFire ? new Date(j.nextFire).toLocaleString() : '–');
    }
    const days = $('storage');
    days.replaceChildren();
    for (const p of storage.partitions) {
      const tr = days.insertRow();
      cell(tr, p.day);
      cell(tr, fmt(p.rows), 'num');
      cell(tr, fmtBytes(p.bytes), 'num');
      cell(tr, `${p.archivedHours} / 24`, 'num');
    }
  } catch (e) {
    text(hint, e.status === 404 ? 'No archiver on this server.' : e.message);
  }
}

// ---- canary

async function loadCanary() {
  try {
    const [config, status] = await Promise.all([api('/paths/migration-config'), api('/paths/migration-status')]);
    const c = status.comparisons;
    facts($('canary-facts'), [
      ['phase', config.phase || 'custom'],
      ['new path', `${config.newApiPercentage} %`],
      ['comparisons', c.total ? `${fmt(c.passRate * 100, 1)} % of ${fmt(c.total)} within 1 %` : 'none yet'],
      ['served', `new ${fmt(status.new.hits)}, legacy ${fmt(status.legacy.hits)}, fallbacks ${fmt(status.fallbacks)}`],
    ]);
    if (state.canary === undefined || state.canary.newApiPercentage !== config.newApiPercentage) {
      $('canary-percentage').value = config.newApiPercentage; // shown again only when it changed, not over what is being typed
    }
    state.canary = config;
  } catch (e) {
    facts($('canary-facts'), [['canary', e.message]]);
  }
}

async function saveCanary(event) {
  event.preventDefault();
  const change = {};
  if ($('canary-phase').value) change.phase = $('canary-phase').value;
  // only what the person changed: a phase is a preset that sets the percentage itself
  const percentage = $('canary-percentage').value;
  if (percentage !== '' && (!state.canary || Number(percentage) !== state.canary.newApiPercentage)) change.newApiPercentage = Number(percentage);
  const message = $('canary-message');
  try {
    await api('/paths/migration-config', { method: 'PUT', body: change, admin: true });
    message.className = '';
    text(message, 'Saved.');
    await loadCanary();
  } catch (e) {
    // the API's own words: which field, which value, or what the token needs
    message.className = 'error';
    text(message, e.message);
  }
}

// ---- wiring

let searchTimer = null;
function onFilter() {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => { state.q = $('search').value.trim(); state.proxyId = $('proxy').value.trim(); state.page = 1; loadRoutes(); }, 250);
}

function init() {
  $('window').addEventListener('change', () => { state.window = $('window').value; state.page = 1; loadRoutes(); loadSeries(); });
  $('search').addEventListener('input', onFilter);
  $('proxy').addEventListener('input', onFilter);
  $('prev').addEventListener('click', () => { if (state.page > 1) { state.page--; loadRoutes(); } });
  $('next').addEventListener('click', () => { state.page++; loadRoutes(); });
  for (const th of document.querySelectorAll('th[data-sort]')) {
    if (!th.dataset.sort) continue;
    th.addEventListener('click', () => {
      if (state.sort === th.dataset.sort) state.order = state.order === 'desc' ? 'asc' : 'desc';
      else { state.sort = th.dataset.sort; state.order = 'desc'; }
      state.page = 1;
      markSorted();
      loadRoutes();
    });
  }
  $('token').addEventListener('change', () => { state.token = $('token').value; loadArchiver(); });
  $('canary-form').addEventListener('submit', saveCanary);
  markSorted();
  const poll = () => Promise.all([loadRoutes(), loadPipeline(), loadCanary(), loadArchiver()]);
  poll();
  setInterval(poll, POLL_MS);
  setInterval(loadSeries, 6 * POLL_MS);
}

init();
