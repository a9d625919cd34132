// What the page needs to know of the server (GET /page-settings): the heartbeat interval its
// streams' watchdog is measured against, and the reconnect delay. Asked once per page.

const DEFAULTS = { heartbeatMs: 15_000, retryMs: 3000 };

let settings = null;

export function pageSettings() {
  settings ??= fetch('/page-settings', { credentials: 'same-origin' })
    .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
    .catch(() => {
      settings = null; // ask again next time; meanwhile Herald's defaults
      return DEFAULTS;
    });
  return settings;
}
