import { createTestDatabase, TestDatabase } from '../support/databases';
import { startTestApp } from '../support/test-app';

describe('WebhookChannel configuration', () => {
  let database: TestDatabase;

  beforeEach(async () => {
    database = await createTestDatabase('sqlite');
  });

  afterEach(async () => {
    await database.drop();
  });

  it('refuses to start with WEBHOOK_URL but no WEBHOOK_SECRET, saying what to set', async () => {
    await expect(
      startTestApp({
        databaseUrl: database.url,
        env: { WEBHOOK_URL: 'http://127.0.0.1:9/hooks' },
      }),
    ).rejects.toThrow(/WEBHOOK_URL is set but WEBHOOK_SECRET is not: set WEBHOOK_SECRET/);
  });
});
