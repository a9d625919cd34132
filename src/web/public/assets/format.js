// Display helpers shared by the pages.

export const LIFECYCLE = [
  'Created',
  'PaymentConfirmed',
  'Packed',
  'Shipped',
  'OutForDelivery',
  'Delivered',
];
export const STATUSES = [...LIFECYCLE, 'Cancelled'];
export const FINAL = new Set(['Delivered', 'Cancelled']);

const LABELS = {
  Created: 'Created',
  PaymentConfirmed: 'Payment confirmed',
  Packed: 'Packed',
  Shipped: 'Shipped',
  OutForDelivery: 'Out for delivery',
  Delivered: 'Delivered',
  Cancelled: 'Cancelled',
};

export const statusLabel = (status) => LABELS[status] ?? status;

export function money(cents, currency) {
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(cents / 100);
  } catch {
    return `${(cents / 100).toFixed(2)} ${currency}`;
  }
}

export function time(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? ''
    : date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export function dateTime(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? ''
    : date.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' });
}

export const shortId = (id) => String(id).slice(0, 8);

/** Creates an element: `el('li', { className: 'x', dataset: { a: 1 } }, 'text', child)`. */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  const { dataset, attrs, ...rest } = props;
  Object.assign(node, rest);
  for (const [key, value] of Object.entries(dataset ?? {})) node.dataset[key] = value;
  for (const [key, value] of Object.entries(attrs ?? {})) node.setAttribute(key, value);
  for (const child of children) {
    if (child !== null && child !== undefined && child !== false) node.append(child);
  }
  return node;
}

export const $ = (selector, root = document) => root.querySelector(selector);
