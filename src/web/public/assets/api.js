// The page's only door to Herald: same-origin fetch with the dev-token cookie, JSON in and out,
// Problem Details turned into errors whose message is the server's `detail`.

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `Request failed (${status})`);
    this.status = status;
    this.problem = problem;
  }
}

let reauthenticate = null;

/**
 * What to do when Herald answers 401 (the cookie expired, or a development server restarted
 * with a new ephemeral key): `renew` gets a fresh token and resolves true to retry once.
 */
export function onUnauthorized(renew) {
  reauthenticate = renew;
}

export async function api(path, { method = 'GET', body } = {}, retried = false) {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: {
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 401 && reauthenticate && !retried && (await reauthenticate())) {
    return api(path, { method, body }, true);
  }
  const text = await response.text();
  const data = text ? parseJson(text) : undefined;
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return { detail: text.slice(0, 200) };
  }
}

/** Asks Herald (development mode only) for a token; it arrives as the HttpOnly cookie. */
export function signIn(userId, roles = []) {
  return api('/auth/dev-token', { method: 'POST', body: { userId, roles } }, true);
}

/** Renews the dev token whenever Herald says the current one is no longer good. */
export function staySignedIn(userId, roles = []) {
  onUnauthorized(() =>
    signIn(userId, roles).then(
      () => true,
      () => false,
    ),
  );
}

/**
 * Signs in with a dev token where Herald offers them (development) and keeps it fresh. Returns
 * false where it does not (production answers 404): the page then relies on a cookie the user
 * already has from the real sign-in.
 */
export async function devSignIn(userId, roles = []) {
  try {
    await signIn(userId, roles);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return false;
    throw error;
  }
  staySignedIn(userId, roles);
  return true;
}

export const UNREACHABLE = 'Herald cannot be reached. Is the server running?';

/** The message to show for any failure: the Problem Details `detail`, or a network hint. */
export function describeError(error) {
  if (error instanceof ApiError) {
    const fields = (error.problem?.errors ?? []).map((e) => `${e.field}: ${e.reason}`);
    return [error.message, ...fields].join(' — ');
  }
  return UNREACHABLE;
}
