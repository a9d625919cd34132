// An order's history as the page knows it: one entry per order version, whatever mix of REST
// history, stream replay and live events delivered it. Keying by version makes a replay after a
// reconnect idempotent: an event seen twice is stored once.

import { el, FINAL, LIFECYCLE, statusLabel, time } from './format.js';

export class Timeline {
  constructor(orderId) {
    this.orderId = orderId;
    this.byVersion = new Map();
    this.lastSequence = 0;
  }

  /** Adds one event; returns true when it was new. */
  add({ version, status, previousStatus, occurredAt, sequence }) {
    if (sequence > this.lastSequence) this.lastSequence = sequence;
    if (!version || this.byVersion.has(version)) return false;
    this.byVersion.set(version, { version, status, previousStatus, occurredAt });
    return true;
  }

  reset(history) {
    this.byVersion.clear();
    this.lastSequence = 0;
    for (const event of history) this.add(event);
  }

  get entries() {
    return [...this.byVersion.values()].sort((a, b) => a.version - b.version);
  }

  get current() {
    return this.entries.at(-1);
  }

  get isFinal() {
    return FINAL.has(this.current?.status);
  }

  /** Statuses still ahead on the happy path (none once final). */
  get pending() {
    if (this.isFinal) return [];
    const reached = new Set(this.entries.map((e) => e.status));
    return LIFECYCLE.filter((status) => !reached.has(status));
  }
}

/** Redraws the list: reached steps with their times, the current one marked, then what is ahead. */
export function renderTimeline(list, timeline) {
  const entries = timeline.entries;
  const items = entries.map((entry, index) => {
    const current = index === entries.length - 1;
    return el(
      'li',
      {
        className: `step ${current ? 'current' : 'done'} status-${entry.status}`,
        dataset: { testid: 'timeline-event', status: entry.status, version: entry.version },
        attrs: current ? { 'aria-current': 'step' } : {},
      },
      el('span', { className: 'step-dot', attrs: { 'aria-hidden': 'true' } }),
      el('span', { className: 'step-name' }, statusLabel(entry.status)),
      el('time', { className: 'step-time', dateTime: entry.occurredAt }, time(entry.occurredAt)),
    );
  });
  const ahead = timeline.pending.map((status) =>
    el(
      'li',
      { className: 'step pending', dataset: { testid: 'timeline-pending', status } },
      el('span', { className: 'step-dot', attrs: { 'aria-hidden': 'true' } }),
      el('span', { className: 'step-name' }, statusLabel(status)),
      el('span', { className: 'step-time' }, 'pending'),
    ),
  );
  list.classList.toggle('final', timeline.isFinal);
  list.replaceChildren(...items, ...ahead);
}
