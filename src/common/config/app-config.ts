/** Herald's configuration, grouped by the module that reads it. Built from {@link Environment}. */
export class AppConfig {
  readonly env: 'development' | 'production' | 'test';
  readonly http: {
    port: number;
    host: string;
    bodyLimit: string;
    corsOrigins: string[];
    /** Proxies trusted for X-Forwarded-For (Express `trust proxy`); empty: none. */
    trustProxy: string[];
  };
  readonly log: { level: string };
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
