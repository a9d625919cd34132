import { ConfigError, loadConfig } from './load-config';

describe(loadConfig.name, () => {
  it('gives defaults that let npm start work with nothing set', () => {
    const config = loadConfig({});
    expect(config.http.port).toBe(3000);
    expect(config.database.url).toBe('sqlite:./data/herald.db');
    expect(config.sse).toMatchObject({
      retryMs: 3000,
      heartbeatMs: 15000,
      bufferSize: 100,
      overflow: 'drop-oldest',
    });
    expect(config.sse.eventLogRetentionMs).toBe(7 * 24 * 3600 * 1000);
  });

  it('parses numbers and durations', () => {
    const config = loadConfig({
      PORT: '8080',
      EVENT_LOG_RETENTION: '12h',
      SSE_OVERFLOW: 'disconnect',
    });
    expect(config.http.port).toBe(8080);
    expect(config.sse.eventLogRetentionMs).toBe(12 * 3600 * 1000);
    expect(config.sse.overflow).toBe('disconnect');
  });

  it('refuses a bad value, naming the variable and what is allowed', () => {
    expect(() => loadConfig({ PORT: 'eighty', SSE_OVERFLOW: 'explode' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'eighty', SSE_OVERFLOW: 'explode', DATABASE_URL: 'mysql://x' });
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toMatch(/PORT="eighty": .*integer/);
      expect(message).toMatch(/SSE_OVERFLOW="explode": .*drop-oldest, disconnect/);
      expect(message).toMatch(/DATABASE_URL="mysql:\/\/x": must be sqlite:<path> or postgres/);
    }
  });

  it('refuses a number out of its range or with a fraction, and a URL that is not http(s)', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow(
      'PORT="70000": must not be greater than 65535',
    );
    expect(() => loadConfig({ NOTIFY_MAX_ATTEMPTS: '1.5' })).toThrow(
      'NOTIFY_MAX_ATTEMPTS="1.5": must be an integer number',
    );
    expect(() => loadConfig({ AUTH_JWKS_URL: 'ftp://id.example/jwks' })).toThrow(
      'AUTH_JWKS_URL="ftp://id.example/jwks": must be an http(s) URL',
    );
    const local = { WEBHOOK_URL: 'http://127.0.0.1:9/hooks', WEBHOOK_SECRET: 'x'.repeat(16) };
    expect(loadConfig(local).notify.webhookUrl).toBe(local.WEBHOOK_URL);
  });

  it('reads the e-mail channel: off by default, a 60 s digest window, 0 for none', () => {
    expect(loadConfig({}).email).toEqual({
      smtpUrl: undefined,
      from: 'Herald <herald@localhost>',
      digestWindowMs: 60_000,
    });
    const email = loadConfig({
      SMTP_URL: 'smtp://mailer:secret@127.0.0.1:2525',
      EMAIL_FROM: 'shop@example.com',
      EMAIL_DIGEST_WINDOW: '0',
    }).email;
    expect(email).toEqual({
      smtpUrl: 'smtp://mailer:secret@127.0.0.1:2525',
      from: 'shop@example.com',
      digestWindowMs: 0,
    });
    expect(() => loadConfig({ SMTP_URL: 'http://127.0.0.1:2525' })).toThrow(
      'SMTP_URL="http://127.0.0.1:2525": must be an smtp:// or smtps:// URL',
    );
    expect(() => loadConfig({ EMAIL_DIGEST_WINDOW: '5' })).toThrow(
      'EMAIL_DIGEST_WINDOW="5": must be a duration such as 7d, 12h, 30m or 500ms, or 0',
    );
    expect(() => loadConfig({ EMAIL_FROM: 'herald' })).toThrow('EMAIL_FROM="herald": must be');
  });

  it('never echoes a secret it refuses', () => {
    expect(() => loadConfig({ AUTH_JWT_SECRET: 'too-short-secret' })).toThrow(
      'AUTH_JWT_SECRET=(hidden): must be longer than or equal to 32 characters',
    );
    expect(() => loadConfig({ AUTH_JWT_SECRET: 'too-short-secret' })).not.toThrow(/too-short/);
  });

  it('ignores variables it does not know and empty values', () => {
    expect(loadConfig({ HOME: '/root', PORT: '' }).http.port).toBe(3000);
  });

  it('turns on cluster mode with a PostgreSQL DATABASE_URL and REDIS_URL, and nothing else', () => {
    expect(loadConfig({}).cluster.redisUrl).toBeUndefined();
    const config = loadConfig({
      DATABASE_URL: 'postgres://herald@db:5432/herald',
      REDIS_URL: 'redis://127.0.0.1:6379',
      AUTH_JWT_SECRET: 'x'.repeat(32),
    });
    expect(config.cluster.redisUrl).toBe('redis://127.0.0.1:6379');
  });

  it('refuses REDIS_URL with SQLite, saying what to set', () => {
    const secret = { AUTH_JWT_SECRET: 'x'.repeat(32) };
    expect(() => loadConfig({ ...secret, REDIS_URL: 'redis://127.0.0.1:6379' })).toThrow(
      /REDIS_URL: cluster mode \(REDIS_URL set\) needs PostgreSQL; set DATABASE_URL=postgres:/,
    );
    expect(() => loadConfig({ REDIS_URL: 'http://127.0.0.1:6379' })).toThrow(
      'REDIS_URL="http://127.0.0.1:6379": must be redis://host:port or rediss://host:port',
    );
  });

  it('refuses cluster mode without a key shared by every instance, saying why', () => {
    const cluster = { DATABASE_URL: 'postgres://db/herald', REDIS_URL: 'redis://127.0.0.1:6379' };
    expect(() => loadConfig(cluster)).toThrow(
      /AUTH_JWT_SECRET \/ AUTH_JWKS_URL: cluster mode \(REDIS_URL set\) needs one key for every instance; .*ephemeral secret of its own/,
    );
    const jwks = { ...cluster, AUTH_JWKS_URL: 'https://id.example/jwks.json' };
    expect(loadConfig(jwks).cluster.redisUrl).toBe(cluster.REDIS_URL);
  });

  it('trusts X-Forwarded-For only from the proxies TRUST_PROXY names', () => {
    expect(loadConfig({}).http.trustProxy).toEqual([]);
    const trusted = loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).http.trustProxy;
    expect(trusted).toEqual(['loopback', '10.0.0.0/8']);
    expect(() => loadConfig({ TRUST_PROXY: 'everyone!' })).toThrow(/TRUST_PROXY="everyone!"/);
  });
});
