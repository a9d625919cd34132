import type { AuthenticatedUser } from './authenticated-user';

/** A token was verified for the first time in this process: who it proves, with its claims. */
export interface TokenVerifiedEvent {
  readonly user: AuthenticatedUser;
}

/** Every event the Auth module publishes, by name. Listeners use these keys, never literals. */
export interface AuthEventMap {
  'auth.token-verified': TokenVerifiedEvent;
}

// Auth's events join the one typed map of the bus (common's DomainEventMap).
declare module '../common' {
  interface DomainEventMap extends AuthEventMap {}
}

export const AuthEvents = {
  tokenVerified: 'auth.token-verified',
} as const satisfies Record<string, keyof AuthEventMap>;
