import { BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import request from 'supertest';
import { OnDomainEvent } from '../src/common';
import { OrderEvents } from '../src/orders';
import { DATABASE, Database } from '../src/persistence';
import { authHeaders } from './support/auth';
import { createTestDatabase, databaseKinds, TestDatabase } from './support/databases';
import { eventually, orderBody } from './support/fixtures';
import { startTcpProxy } from './support/tcp-proxy';
import { startTestApp, TestApp } from './support/test-app';

/** Something a test lets go of when it is done looking: a shutdown step, a relayed event. */
class Held {
  static release: () => void = () => undefined;
  static until = Promise.resolve();

  static hold(): void {
    Held.until = new Promise((resolve) => (Held.release = resolve));
  }
}

/** A shutdown step that waits for the test: the server still answers meanwhile. */
@Injectable()
class HeldShutdown implements BeforeApplicationShutdown {
  beforeApplicationShutdown(): Promise<void> {
    return Held.until;
  }
}

/** A listener slow to finish, as a stuck notification write would be: the relay falls behind. */
@Injectable()
class HeldListener {
  @OnDomainEvent(OrderEvents.created)
  handle(): Promise<void> {
    return Held.until;
  }
}

describe.each(databaseKinds())('Health on %s', (kind) => {
  let database: TestDatabase;
  let herald: TestApp | undefined;
  let closing: Promise<void> | undefined;
  const http = () => request(herald!.url);

  const boot = async (options: { env?: Record<string, string>; providers?: object[] } = {}) => {
    herald = await startTestApp({
      databaseUrl: database.url,
      env: options.env,
      providers: options.providers as never,
    });
  };

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    closing = undefined;
    Held.hold();
  });

  afterEach(async () => {
    Held.release();
    await (closing ?? herald?.close());
    herald = undefined;
    await database.drop();
  });

  const expectNotReady = async (part: string) => {
    const res = await http().get('/health/ready').expect(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ code: 'HEALTH.NOT_READY', status: 503 });
    expect(res.body.checks[part]).toMatchObject({ status: 'down' });
    expect(res.body.detail).toContain(part);
    return res.body.checks;
  };

  /** The first health check, kept for existing monitors: 503 naming the database. */
  const expectHealthDown = async () => {
    const res = await http().get('/health').expect(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 503, detail: 'The database does not answer.' });
  };

  it('is live and ready, with every part of readiness up', async () => {
    await boot();
    const live = await http().get('/health/live').expect(200);
    expect(live.body).toMatchObject({ status: 'ok', info: { process: { status: 'up' } } });

    const ready = await http().get('/health/ready').expect(200);
    expect(ready.body).toMatchObject({
      status: 'ok',
      details: {
        database: { status: 'up' },
        migrations: { status: 'up' },
        relay: { status: 'up', lag: 0, maxLag: 1000 },
        shutdown: { status: 'up' },
      },
    });
  });

  it('is not ready, but live, while the database does not answer', async () => {
    await boot();
    await herald!.app.get<Database>(DATABASE).destroy();

    const checks = await expectNotReady('database');
    expect(checks.shutdown).toEqual({ status: 'up' });
    await http().get('/health/live').expect(200);
    await expectHealthDown();
  });

  // SQLite runs in the process: only a server can hang.
  if (kind === 'postgres')
    it('is not ready, but live, while PostgreSQL hangs, and ready again after', async () => {
      const url = new URL(database.url);
      const proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
      try {
        url.hostname = '127.0.0.1';
        url.port = String(proxy.port);
        herald = await startTestApp({ databaseUrl: url.toString() });
        await http().get('/health/ready').expect(200);

        proxy.pause();
        const checks = await expectNotReady('database');
        expect(checks.database.message).toBe('The database does not answer within 1000 ms');
        await http().get('/health/live').expect(200);
        await expectHealthDown();

        await proxy.resume();
        await eventually(async () => (await http().get('/health/ready')).status === 200);
        expect((await http().get('/health').expect(200)).body).toEqual({
          status: 'ok',
          database: 'up',
        });
      } finally {
        await proxy.resume();
        await herald?.close();
        herald = undefined;
        await proxy.close();
      }
    });

  it('is not ready while a migration of this build is not applied', async () => {
    await boot();
    const db = herald!.app.get<Database>(DATABASE);
    await sql`delete from kysely_migration where name = '001-initial-schema'`.execute(db);

    const checks = await expectNotReady('migrations');
    expect(checks.migrations.pending).toEqual(['001-initial-schema']);
    expect(checks.database).toEqual({ status: 'up' });
  });

  it('is not ready while the relay lags behind READY_MAX_RELAY_LAG', async () => {
    await boot({ env: { READY_MAX_RELAY_LAG: '1' }, providers: [HeldListener] });
    const customer = await authHeaders('customer-1');
    await http().post('/orders').set(customer).send(orderBody()).expect(201);
    const ready = await http().get('/health/ready').expect(200); // its event is held
    expect(ready.body.details.relay).toMatchObject({ status: 'up', lag: 1, maxLag: 1 });

    await http().post('/orders').set(customer).send(orderBody()).expect(201);
    const checks = await expectNotReady('relay');
    expect(checks.relay).toMatchObject({ lag: 2, maxLag: 1 });

    Held.release();
    await eventually(async () => (await http().get('/health/ready')).status === 200);
  });

  it('is not ready, but live, once shutdown has begun', async () => {
    await boot({ providers: [HeldShutdown] });
    await http().get('/health/ready').expect(200);

    closing = herald!.app.close();
    await eventually(async () => (await http().get('/health/ready')).status === 503);
    const checks = await expectNotReady('shutdown');
    expect(checks.database).toEqual({ status: 'up' });
    await http().get('/health/live').expect(200);
  });
});
