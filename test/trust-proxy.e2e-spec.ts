import request from 'supertest';
import { createTestDatabase, TestDatabase } from './support/databases';
import { startTestApp, TestApp } from './support/test-app';

/** Public writes are counted per client address: X-Forwarded-For counts only from a trusted proxy. */
describe('TRUST_PROXY', () => {
  let database: TestDatabase;
  let herald: TestApp;

  beforeEach(async () => {
    database = await createTestDatabase('sqlite');
  });

  afterEach(async () => {
    await herald?.close();
    await database.drop();
  });

  const devToken = (forwardedFor: string) =>
    request(herald.url)
      .post('/auth/dev-token')
      .set('X-Forwarded-For', forwardedFor)
      .send({ userId: 'someone' });

  it('takes the client address from X-Forwarded-For when the proxy is trusted', async () => {
    herald = await startTestApp({
      databaseUrl: database.url,
      env: { TRUST_PROXY: 'loopback', RATE_LIMIT_WRITES_PER_MINUTE: '1' },
    });
    await devToken('198.51.100.1').expect(200);
    await devToken('198.51.100.2').expect(200); // another client
    await devToken('198.51.100.1').expect(429);
  });

  it('ignores X-Forwarded-For by default: anyone could send one', async () => {
    herald = await startTestApp({
      databaseUrl: database.url,
      env: { RATE_LIMIT_WRITES_PER_MINUTE: '1' },
    });
    await devToken('198.51.100.1').expect(200);
    await devToken('198.51.100.2').expect(429); // the same client: 127.0.0.1
  });
});
