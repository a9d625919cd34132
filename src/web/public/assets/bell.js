// The notification bell: the unread count from the inbox, kept live by the user's notification
// stream. Opening the panel lists the latest notifications and marks them read.

import { api, ApiError, describeError } from './api.js';
import { $, dateTime, el } from './format.js';
import { LiveStream } from './live-stream.js';

export class Bell {
  constructor(root, { onNotification } = {}) {
    this.root = root;
    this.button = $('[data-testid="bell-button"]', root);
    this.count = $('[data-testid="bell-count"]', root);
    this.panel = $('[data-testid="bell-panel"]', root);
    this.list = $('[data-testid="bell-list"]', root);
    this.onNotification = onNotification;
    this.unread = 0;
    this.stream = null;
    this.button.addEventListener('click', () => this.toggle());
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this.isOpen) this.close({ refocus: true });
    });
    document.addEventListener('click', (event) => {
      if (this.isOpen && !this.root.contains(event.target)) this.close();
    });
  }

  get isOpen() {
    return !this.panel.hidden;
  }

  /** (Re)starts for the signed-in user. */
  async start() {
    this.stop();
    this.root.hidden = false;
    this.stream = new LiveStream('/notifications/stream', {
      events: { notification: (n) => this.received(n) },
      onOpen: () => this.scheduleRefresh(),
      onState: (state) => (this.root.dataset.state = state),
      shouldResume: () => this.stillAvailable(),
    }).start();
  }

  stop() {
    this.stream?.close('off');
    this.close();
  }

  async refreshCount() {
    const { count } = await api('/notifications/unread-count');
    this.setUnread(count);
  }

  /** After the stream gave up: keep trying unless this Herald has no inbox for us. */
  async stillAvailable() {
    try {
      await this.refreshCount();
      return true;
    } catch (error) {
      if (error instanceof ApiError && [401, 403, 404].includes(error.status)) {
        this.root.hidden = true;
        return false;
      }
      throw error;
    }
  }

  received(notification) {
    this.onNotification?.(notification);
    if (this.isOpen) {
      this.list.prepend(renderNotification(notification));
      this.markRead().catch(() => undefined);
    } else {
      this.scheduleRefresh();
    }
  }

  /**
   * The inbox is the truth for the count: asking it after each notification (coalesced) stays
   * right whether the stream delivers live events, a replay after a reconnect, or both.
   */
  scheduleRefresh() {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => this.refreshCount().catch(() => undefined), 100);
  }

  setUnread(count) {
    this.unread = Math.max(0, count);
    this.count.textContent = String(this.unread);
    this.count.hidden = this.unread === 0;
    this.root.dataset.unread = String(this.unread);
    this.button.setAttribute('aria-label', `Notifications, ${this.unread} unread`);
  }

  toggle() {
    if (this.isOpen) this.close();
    else this.open();
  }

  async open() {
    this.panel.hidden = false;
    this.button.setAttribute('aria-expanded', 'true');
    $('h2', this.panel).focus();
    this.list.replaceChildren(el('li', { className: 'muted' }, 'Loading…'));
    try {
      const page = await api('/notifications?limit=20');
      const items = Array.isArray(page) ? page : (page?.items ?? []);
      this.list.replaceChildren(
        ...(items.length
          ? items.map(renderNotification)
          : [el('li', { className: 'muted' }, 'No notifications yet.')]),
      );
      if (this.unread > 0 || items.some((n) => !n.readAt)) await this.markRead();
    } catch (error) {
      this.list.replaceChildren(el('li', { className: 'error' }, describeError(error)));
    }
  }

  close({ refocus = false } = {}) {
    this.panel.hidden = true;
    this.button.setAttribute('aria-expanded', 'false');
    if (refocus) this.button.focus();
  }

  async markRead() {
    await api('/notifications/read-all', { method: 'POST' });
    this.setUnread(0);
  }
}

function renderNotification(n) {
  return el(
    'li',
    {
      className: `notification severity-${n.severity ?? 'info'}${n.readAt ? '' : ' unread'}`,
      dataset: { testid: 'notification', id: n.id },
    },
    el('strong', {}, n.title ?? n.type ?? 'Notification'),
    n.body ? el('span', {}, n.body) : null,
    el('time', { dateTime: n.createdAt }, dateTime(n.createdAt)),
  );
}
