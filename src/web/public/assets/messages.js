// The status line at the bottom of the page and the screen-reader announcer.

import { $ } from './format.js';

let hideTimer;

export function showMessage(text, kind = 'info') {
  const toast = $('[data-testid="message"]');
  clearTimeout(hideTimer);
  toast.textContent = text;
  toast.dataset.kind = kind;
  toast.classList.add('visible');
  // Errors stay longer: they say what to fix.
  const showFor = kind === 'error' ? 12_000 : 5000;
  hideTimer = setTimeout(() => toast.classList.remove('visible'), showFor);
}

export function announce(text) {
  const announcer = $('[data-testid="announcer"]');
  if (announcer) announcer.textContent = text;
}

/** Hides the message if it is still `text` (say, an outage that is over). */
export function dismissMessage(text) {
  const toast = $('[data-testid="message"]');
  if (toast.textContent === text) toast.classList.remove('visible');
}
