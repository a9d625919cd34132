// The status line at the bottom of the page and the screen-reader announcer.

import { $ } from './format.js';

let hideTimer;

export function showMessage(text, kind = 'info') {
  const toast = $('[data-testid="message"]');
  clearTimeout(hideTimer);
  toast.textContent = text;
  toast.dataset.kind = kind;
  toast.classList.add('visible');
  if (kind !== 'error') hideTimer = setTimeout(() => toast.classList.remove('visible'), 5000);
}

export function announce(text) {
  const announcer = $('[data-testid="announcer"]');
  if (announcer) announcer.textContent = text;
}
