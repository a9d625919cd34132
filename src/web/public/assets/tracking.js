// The tracking page: sign in as a customer (development token), create orders, start a
// simulation and watch the selected order's timeline move live over its SSE stream.

import { api, describeError, devSignIn, UNREACHABLE } from './api.js';
import { Bell } from './bell.js';
import { $, dateTime, el, money, shortId, statusLabel } from './format.js';
import { LiveStream, showConnection } from './live-stream.js';
import { announce, dismissMessage, showMessage } from './messages.js';
import { renderTimeline, Timeline } from './timeline.js';

const ui = {
  customer: $('[data-testid="customer"]'),
  who: $('[data-testid="who"]'),
  orderList: $('[data-testid="order-list"]'),
  noOrder: $('[data-testid="no-order"]'),
  view: $('[data-testid="order-view"]'),
  id: $('[data-testid="order-id"]'),
  total: $('[data-testid="order-total"]'),
  status: $('[data-testid="order-status"]'),
  badge: $('[data-testid="connection"]'),
  timeline: $('[data-testid="timeline"]'),
  note: $('[data-testid="stream-note"]'),
  simulate: $('[data-testid="simulate"]'),
  stepMs: $('[data-testid="step-ms"]'),
  stepMsValue: $('[data-testid="step-ms-value"]'),
};

const bell = new Bell($('[data-testid="bell"]'), { onNotification: () => scheduleListRefresh() });
let customer = '';
let selected = null; // { id, order, timeline, stream }

async function switchCustomer(name, orderId) {
  closeSelection();
  bell.stop();
  customer = name;
  ui.customer.value = name;
  let viaDevToken;
  try {
    viaDevToken = await devSignIn(name);
  } catch (error) {
    ui.who.textContent = `Could not sign in: ${describeError(error)}`;
    showMessage(describeError(error), 'error');
    return;
  }
  localStorage.setItem('herald.customer', name);
  ui.who.textContent = viaDevToken
    ? `Signed in as ${name} with a development token.`
    : 'Development sign-in is off on this server: using the herald_token cookie you already have.';
  bell.start();
  const orders = await loadOrders();
  const pick = orderId ?? orders[0]?.id;
  if (pick) await select(pick);
  else rememberSelection(null);
}

/** `quiet` for background refreshes: the next one will try again, no need to alarm anyone. */
async function loadOrders({ quiet = false } = {}) {
  try {
    const page = await api(`/orders?customerId=${encodeURIComponent(customer)}&limit=20`);
    renderOrderList(page.items);
    return page.items;
  } catch (error) {
    if (!quiet) showMessage(describeError(error), 'error');
    return [];
  }
}

function renderOrderList(orders) {
  if (!orders.length) {
    ui.orderList.replaceChildren(el('li', { className: 'muted' }, 'No orders yet.'));
    return;
  }
  ui.orderList.replaceChildren(
    ...orders.map((order) =>
      el(
        'li',
        {},
        el(
          'button',
          {
            type: 'button',
            className: 'order-item',
            dataset: { orderId: order.id, testid: 'order-item' },
            attrs: { 'aria-pressed': String(order.id === selected?.id) },
          },
          el('span', { className: 'mono' }, shortId(order.id)),
          el('span', {}, money(order.totalCents, order.currency)),
          statusPill(order.status),
          el(
            'time',
            { className: 'muted small', dateTime: order.createdAt },
            dateTime(order.createdAt),
          ),
        ),
      ),
    ),
  );
}

function statusPill(status) {
  return el('span', { className: 'pill', dataset: { status } }, statusLabel(status));
}

let refreshTimer;
function scheduleListRefresh() {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => loadOrders({ quiet: true }), 300);
}

async function select(id) {
  closeSelection();
  const current = { id, order: null, timeline: new Timeline(id), stream: null };
  selected = current;
  rememberSelection(id);
  markSelectedInList();
  try {
    const [order, history] = await Promise.all([
      api(`/orders/${encodeURIComponent(id)}`),
      api(`/orders/${encodeURIComponent(id)}/events`),
    ]);
    if (selected !== current) return;
    current.order = order;
    current.timeline.reset(history);
  } catch (error) {
    if (selected === current) selected = null;
    showOrderView(false);
    showMessage(describeError(error), 'error');
    return;
  }
  draw();
  if (current.timeline.isFinal) finish();
  else openStream(current);
}

function openStream(current) {
  const onUpdate = (data, event) => applyEvent(current, data, event);
  current.stream = new LiveStream(`/orders/${encodeURIComponent(current.id)}/stream`, {
    events: {
      'order-update': onUpdate,
      'order-created': onUpdate,
      resync: () => resync(current).catch(reportError),
    },
    onState: (state) => {
      if (selected !== current) return;
      showConnection(ui.badge, state);
      if (state === 'live') dismissMessage(UNREACHABLE);
    },
    shouldResume: async () => {
      await resync(current);
      return !current.timeline.isFinal;
    },
  }).start();
}

function applyEvent(current, data, event) {
  if (selected !== current || data?.orderId !== current.id) return;
  const sequence = Number(event.lastEventId) || 0;
  if (current.timeline.add({ ...data, sequence })) {
    draw();
    announce(`Order ${shortId(current.id)} is now ${statusLabel(data.status)}.`);
  }
  if (current.timeline.isFinal) finish();
}

/** Herald asked us to reload (or the stream gave up): the REST history is the truth. */
async function resync(current) {
  const history = await api(`/orders/${encodeURIComponent(current.id)}/events`);
  if (selected !== current) return;
  current.timeline.reset(history);
  draw();
  if (current.timeline.isFinal) finish();
}

function finish() {
  selected?.stream?.close('ended');
  showConnection(ui.badge, 'ended');
  const status = selected?.timeline.current?.status;
  ui.note.hidden = false;
  ui.note.textContent = `This order is ${statusLabel(status).toLowerCase()}: tracking is complete and the live stream has ended.`;
}

function draw() {
  const { order, timeline } = selected;
  const status = timeline.current?.status ?? order.status;
  showOrderView(true);
  ui.id.textContent = order.id;
  ui.total.textContent = money(order.totalCents, order.currency);
  ui.status.textContent = statusLabel(status);
  ui.status.dataset.status = status;
  ui.simulate.disabled = timeline.isFinal;
  renderTimeline(ui.timeline, timeline);
  const item = ui.orderList.querySelector(`[data-order-id="${order.id}"] .pill`);
  if (item) item.replaceWith(statusPill(status));
}

/** On a one-column (phone) layout the order is below the forms: bring it into view. */
function revealOrder() {
  if (window.matchMedia('(max-width: 859px)').matches) {
    $('[data-testid="order-detail"]').scrollIntoView({ behavior: 'smooth', block: 'start' });
  }
}

function showOrderView(visible) {
  ui.view.hidden = !visible;
  ui.noOrder.hidden = visible;
  if (!visible) showConnection(ui.badge, 'idle');
}

function closeSelection() {
  selected?.stream?.close('off');
  selected = null;
  ui.note.hidden = true;
  showConnection(ui.badge, 'idle');
}

function markSelectedInList() {
  for (const button of ui.orderList.querySelectorAll('[data-order-id]')) {
    button.setAttribute('aria-pressed', String(button.dataset.orderId === selected?.id));
  }
}

function rememberSelection(orderId) {
  const params = new URLSearchParams({ customer });
  if (orderId) params.set('order', orderId);
  window.history.replaceState(null, '', `/?${params}`);
}

async function createOrder(form) {
  const data = new FormData(form);
  const name = String(data.get('name')).trim();
  const body = {
    customerId: customer,
    currency: data.get('currency'),
    items: [
      {
        sku: skuFor(name),
        name,
        quantity: Number(data.get('quantity')),
        unitPriceCents: Math.round(Number(data.get('price')) * 100),
      },
    ],
  };
  try {
    const order = await api('/orders', { method: 'POST', body });
    showMessage(`Order ${shortId(order.id)} created.`);
    await loadOrders();
    await select(order.id);
    revealOrder();
  } catch (error) {
    showMessage(describeError(error), 'error');
  }
}

const skuFor = (name) =>
  `SKU-${name
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '-')
    .replace(/^-|-$/g, '')}`.slice(0, 64);

async function simulate() {
  if (!selected) return;
  const stepMs = Number(ui.stepMs.value);
  try {
    await api(`/orders/${encodeURIComponent(selected.id)}/simulate`, {
      method: 'POST',
      body: { stepMs },
    });
    showMessage(`Simulation started: one step every ${seconds(stepMs)}.`);
  } catch (error) {
    showMessage(describeError(error), 'error');
  }
}

function reportError(error) {
  showMessage(describeError(error), 'error');
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

function wire() {
  $('#who-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const name = ui.customer.value.trim();
    if (name) switchCustomer(name);
  });
  $('#order-form').addEventListener('submit', (event) => {
    event.preventDefault();
    createOrder(event.currentTarget);
  });
  $('#simulate-form').addEventListener('submit', (event) => {
    event.preventDefault();
    simulate();
  });
  ui.stepMs.addEventListener(
    'input',
    () => (ui.stepMsValue.textContent = seconds(ui.stepMs.value)),
  );
  ui.orderList.addEventListener('click', (event) => {
    const button = event.target.closest('[data-order-id]');
    if (button && button.dataset.orderId !== selected?.id) {
      select(button.dataset.orderId).then(revealOrder);
    }
  });
  $('[data-testid="refresh-orders"]').addEventListener('click', () => loadOrders());
}

wire();
const params = new URLSearchParams(window.location.search);
switchCustomer(
  params.get('customer') || localStorage.getItem('herald.customer') || 'customer-42',
  params.get('order') ?? undefined,
);
