// The admin dashboard: every order in one table, each row's status changing in place as
// `order-update` events arrive on the all-orders stream, with counts per status and events/s,
// and live charts of both.

import { api, describeError, devSignIn, UNREACHABLE } from './api.js';
import { drawRateChart, drawStatusChart } from './charts.js';
import { EventRate } from './event-rate.js';
import { $, dateTime, el, money, shortId, STATUSES, statusLabel } from './format.js';
import { LiveStream, showConnection } from './live-stream.js';
import { announce, dismissMessage, showMessage } from './messages.js';

const RATE_WINDOW_S = 5;
const CHART_SECONDS = 180;
const MAX_ROWS = 200;

const ui = {
  admin: $('[data-testid="admin"]'),
  who: $('[data-testid="who"]'),
  badge: $('[data-testid="connection"]'),
  stats: $('[data-testid="stats"]'),
  rate: $('[data-testid="rate"]'),
  total: $('[data-testid="event-total"]'),
  body: $('[data-testid="orders-body"]'),
  empty: $('[data-testid="empty"]'),
  rateChart: $('[data-testid="rate-chart"]'),
  statusChart: $('[data-testid="status-chart"]'),
};

const orders = new Map(); // id → { order fields, row }
const rate = new EventRate(CHART_SECONDS);
let eventTotal = 0;
let stream = null;

async function start(admin) {
  stream?.close('off');
  ui.admin.value = admin;
  let viaDevToken;
  try {
    viaDevToken = await devSignIn(admin, ['admin']);
  } catch (error) {
    ui.who.textContent = `Could not sign in: ${describeError(error)}`;
    showMessage(describeError(error), 'error');
    return;
  }
  localStorage.setItem('herald.admin', admin);
  ui.who.textContent = viaDevToken
    ? `Signed in as ${admin} (admin, development token).`
    : 'Development sign-in is off on this server: using the herald_token cookie you already have.';
  const onUpdate = (data) => applyEvent(data);
  // The list is (re)loaded each time the stream opens, so nothing between load and subscribe,
  // or during a reconnect, is missed; merging by version keeps rows from going backwards.
  stream = new LiveStream('/orders/stream', {
    events: { 'order-update': onUpdate, 'order-created': onUpdate, resync: () => loadOrders() },
    onState: (state) => {
      showConnection(ui.badge, state);
      if (state === 'live') dismissMessage(UNREACHABLE);
    },
    onOpen: () => loadOrders(),
    // After Herald gave up on us (restart, new key): a REST call renews the token first.
    shouldResume: () => api('/orders?limit=1').then(() => true),
  }).start();
}

async function loadOrders() {
  try {
    const page = await api('/orders?limit=100');
    for (const order of [...page.items].reverse()) upsert(order);
    render();
  } catch (error) {
    showMessage(describeError(error), 'error');
  }
}

function applyEvent(data) {
  if (!data?.orderId) return;
  countEvent();
  const known = orders.has(data.orderId);
  const changed = upsert({
    id: data.orderId,
    customerId: data.customerId,
    status: data.status,
    version: data.version,
    updatedAt: data.occurredAt,
  });
  if (!known) fillIn(data.orderId);
  if (changed) {
    flash(orders.get(data.orderId).row);
    announce(`Order ${shortId(data.orderId)} is now ${statusLabel(data.status)}.`);
  }
  render();
}

/** Merges what we learnt about an order; returns true when its row changed. */
function upsert(order) {
  const known = orders.get(order.id);
  if (known && order.version <= known.version) {
    if (order.totalCents !== undefined && known.totalCents === undefined) {
      Object.assign(known, { totalCents: order.totalCents, currency: order.currency });
      drawRow(known);
    }
    return false;
  }
  const entry = { ...known, ...order };
  if (!known) {
    entry.row = el('tr', { dataset: { testid: 'order-row', orderId: order.id } });
    ui.body.prepend(entry.row);
  }
  orders.set(order.id, entry);
  drawRow(entry);
  return true;
}

async function fillIn(id) {
  try {
    upsert(await api(`/orders/${encodeURIComponent(id)}`));
    render();
  } catch {
    // the row keeps what the event told us
  }
}

function drawRow(entry) {
  entry.row.dataset.status = entry.status;
  entry.row.replaceChildren(
    el('td', { className: 'mono' }, el('span', { title: entry.id }, shortId(entry.id))),
    el('td', {}, entry.customerId ?? ''),
    el('td', {}, entry.totalCents === undefined ? '…' : money(entry.totalCents, entry.currency)),
    el(
      'td',
      {},
      el(
        'span',
        { className: 'pill', dataset: { status: entry.status, testid: 'row-status' } },
        statusLabel(entry.status),
      ),
    ),
    el('td', { className: 'num' }, String(entry.version)),
    el('td', {}, el('time', { dateTime: entry.updatedAt }, dateTime(entry.updatedAt))),
  );
}

function flash(row) {
  row.classList.remove('flash');
  void row.offsetWidth; // restart the animation
  row.classList.add('flash');
}

function render() {
  while (orders.size > MAX_ROWS) {
    const oldest = ui.body.lastElementChild;
    orders.delete(oldest.dataset.orderId);
    oldest.remove();
  }
  ui.empty.hidden = orders.size > 0;
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0]));
  for (const { status } of orders.values()) counts[status] = (counts[status] ?? 0) + 1;
  ui.stats.replaceChildren(
    ...STATUSES.map((status) =>
      el(
        'li',
        { dataset: { status } },
        el(
          'span',
          { className: 'stat-count', dataset: { testid: `count-${status}` } },
          String(counts[status]),
        ),
        el('span', { className: 'stat-label' }, statusLabel(status)),
      ),
    ),
  );
  drawStatusChart(ui.statusChart, counts, STATUSES);
  const summary = STATUSES.map((status) => `${counts[status]} ${statusLabel(status)}`);
  ui.statusChart.setAttribute('aria-label', `Orders per status: ${summary.join(', ')}`);
}

function countEvent() {
  eventTotal += 1;
  rate.add();
  ui.total.textContent = String(eventTotal);
  showRate();
}

function showRate() {
  const perSecond = rate.perSecond(RATE_WINDOW_S);
  ui.rate.textContent = perSecond.toFixed(1);
  drawRateChart(ui.rateChart, rate.series());
  ui.rateChart.setAttribute(
    'aria-label',
    `Events per second over the last ${CHART_SECONDS / 60} minutes; now ${perSecond.toFixed(1)}`,
  );
}

$('#admin-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const admin = ui.admin.value.trim();
  if (admin) start(admin);
});
setInterval(showRate, 1000);
render();
showRate();
const params = new URLSearchParams(window.location.search);
start(params.get('admin') || localStorage.getItem('herald.admin') || 'admin');
