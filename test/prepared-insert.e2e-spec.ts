import { createDatabase, Database, migrateToLatest, PreparedInsert } from '../src/persistence';
import { createTestDatabase, databaseKinds, TestDatabase } from './support/databases';

// The hot inserts (an order, its event) are compiled once and then only given values: every row
// must land whole, in its own columns, on either dialect, inside the caller's transaction.
describe.each(databaseKinds())('PreparedInsert, on %s', (kind) => {
  let database: TestDatabase;
  let db: Database;

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    const handle = createDatabase(database.url);
    db = handle.db;
    await migrateToLatest(db, handle.dialect);
  });

  afterEach(async () => {
    await db.destroy();
    await database.drop();
  });

  const preferences = () =>
    db.selectFrom('notification_preferences').selectAll().orderBy('user_id').execute();

  it('writes every row into its own columns, the first one and every later one', async () => {
    const insert = new PreparedInsert('notification_preferences', [
      'user_id',
      'channels',
      'updated_at',
    ]);
    await insert.execute(db, { user_id: 'a', channels: '{}', updated_at: '2026-01-01T00:00:00Z' });
    // Keys in another order than the columns: values still go where their names say.
    await insert.execute(db, {
      updated_at: '2026-01-02T00:00:00Z',
      channels: '{"sse":false}',
      user_id: 'b',
    });

    expect(await preferences()).toEqual([
      { user_id: 'a', channels: '{}', updated_at: '2026-01-01T00:00:00Z' },
      { user_id: 'b', channels: '{"sse":false}', updated_at: '2026-01-02T00:00:00Z' },
    ]);
  });

  it('writes in the transaction it is given, so a rollback takes the row with it', async () => {
    const insert = new PreparedInsert('notification_preferences', [
      'user_id',
      'channels',
      'updated_at',
    ]);
    await db
      .transaction()
      .execute(async (trx) => {
        await insert.execute(trx, { user_id: 'a', channels: '{}', updated_at: 'now' });
        throw new Error('roll back');
      })
      .catch(() => undefined);

    expect(await preferences()).toEqual([]);
  });

  it('refuses a row that leaves a column out, rather than compiling SQL that fits no other row', async () => {
    const insert = new PreparedInsert('notification_preferences', [
      'user_id',
      'channels',
      'updated_at',
    ]);
    const partial = { user_id: 'a', channels: '{}', updated_at: undefined } as never;

    await expect(insert.execute(db, partial)).rejects.toThrow(
      'insert into notification_preferences: every row must give user_id, channels, updated_at',
    );
    expect(await preferences()).toEqual([]);
  });
});
