/** Herald's configuration, grouped by the module that reads it. Built from {@link Environment}. */
export class AppConfig {
  readonly env: 'development' | 'production' | 'test';
  readonly http: {
    port: number;
    host: string;
    bodyLimit: string;
    corsOrigins: string[];
    /** No trailing slash; unset: problem types are made absolute from each request. */
    publicUrl?: string;
    /** Proxies trusted for X-Forwarded-For (Express `trust proxy`); empty: none. */
    trustProxy: string[];
  };
  readonly log: { level: string };
  readonly health: { maxRelayLag: number };
  readonly database: { url: string };
  /** `redisUrl` set: cluster mode (several instances share the database and Redis). */
  readonly cluster: { redisUrl?: string };
  readonly orders: { simulationStepMs: number };
  readonly sse: {
    retryMs: number;
    heartbeatMs: number;
    bufferSize: number;
    overflow: 'drop-oldest' | 'disconnect';
    maxStreams: number;
    maxStreamsPerUser: number;
    eventLogRetentionMs: number;
  };
  readonly notify: {
    channelTimeoutMs: number;
    maxAttempts: number;
    retryBaseMs: number;
    webhookUrl?: string;
    webhookSecret?: string;
  };
  readonly email: {
    /** Unset: the e-mail channel is off. */
    smtpUrl?: string;
    from: string;
    /** Notifications of one user within this window go out as one e-mail; 0: each at once. */
    digestWindowMs: number;
  };
  readonly auth: {
    jwtSecret?: string;
    jwksUrl?: string;
    issuer?: string;
    audience?: string;
    devTokens: 'auto' | 'on' | 'off';
    writesPerMinute: number;
  };

  constructor(values: AppConfig) {
    Object.assign(this, values);
  }
}
