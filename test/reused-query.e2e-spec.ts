import { createDatabase, Database, migrateToLatest, ReusedQuery } from '../src/persistence';
import { createTestDatabase, databaseKinds, TestDatabase } from './support/databases';

// The hot path's statements are built and compiled by Kysely once per shape and then only given
// values: every run must write and read exactly what Kysely's own query would, on either dialect,
// inside the caller's transaction.
describe.each(databaseKinds())('ReusedQuery, on %s', (kind) => {
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

  type Preference = { user_id: string; channels: string; updated_at: string };
  const preferences = () =>
    db.selectFrom('notification_preferences').selectAll().orderBy('user_id').execute();
  const insertPreferences = () =>
    new ReusedQuery('insert preferences', (db, rows: Preference[]) =>
      db.insertInto('notification_preferences').values(rows),
    );
  const row = (user: string, day = 1): Preference => ({
    user_id: user,
    channels: `{"${user}":true}`,
    updated_at: `2026-01-0${day}T00:00:00Z`,
  });

  it('writes every row into its own columns, on the first run and every later one', async () => {
    const insert = insertPreferences();
    await insert.execute(db, [row('a')]);
    await insert.execute(db, [row('b', 2)]);
    // Keys in another order (a shape of its own): the values still go where their names say.
    await insert.execute(db, [
      { updated_at: '2026-01-03T00:00:00Z', channels: '{}', user_id: 'c' },
    ]);

    expect(await preferences()).toEqual([
      row('a'),
      row('b', 2),
      { user_id: 'c', channels: '{}', updated_at: '2026-01-03T00:00:00Z' },
    ]);
  });

  it('keeps one shape per row count, each with its own values', async () => {
    const insert = insertPreferences();
    await insert.execute(db, [row('a'), row('b')]);
    await insert.execute(db, [row('c')]);
    await insert.execute(db, [row('d'), row('e'), row('f')]);
    await insert.execute(db, [row('g', 2), row('h', 3)]);

    expect((await preferences()).map((p) => p.user_id)).toEqual([
      'a',
      'b',
      'c',
      'd',
      'e',
      'f',
      'g',
      'h',
    ]);
    expect((await preferences()).slice(-2)).toEqual([row('g', 2), row('h', 3)]);
  });

  it('reads with new values, and keeps the constants the query was built with', async () => {
    await insertPreferences().execute(db, [row('a'), row('b'), row('c'), row('z')]);
    const select = new ReusedQuery('select preferences', (db, users: readonly string[]) =>
      db
        .selectFrom('notification_preferences')
        .select('user_id')
        .where('user_id', 'in', users)
        .where('user_id', '!=', 'z')
        .orderBy('user_id'),
    );

    const ids = async (users: string[]) =>
      (await select.execute(db, users)).rows.map((r) => r.user_id);
    expect(await ids(['a', 'z'])).toEqual(['a']);
    expect(await ids(['b', 'c'])).toEqual(['b', 'c']);
    expect(await ids(['c', 'z', 'a'])).toEqual(['a', 'c']);
  });

  it("writes Kysely's own SQL for null (is null, not = ?): null and booleans are part of the shape", async () => {
    const append = new ReusedQuery(
      'append',
      (db, row: { event_id: string; published_at: string | null }) =>
        db.insertInto('event_log').values({
          ...row,
          type: 'test',
          aggregate_id: 'a',
          user_id: 'u',
          payload: '{}',
          occurred_at: 'now',
        }),
    );
    await append.execute(db, { event_id: 'e1', published_at: null });
    await append.execute(db, { event_id: 'e2', published_at: 'yesterday' });
    await append.execute(db, { event_id: 'e3', published_at: null });
    const published = new ReusedQuery('published', (db, at: string | null) =>
      db
        .selectFrom('event_log')
        .select('event_id')
        .where((eb) => eb.and({ published_at: at }))
        .orderBy('seq'),
    );

    const ids = async (at: string | null) =>
      (await published.execute(db, at)).rows.map((r) => r.event_id);
    expect(await ids('yesterday')).toEqual(['e2']);
    expect(await ids(null)).toEqual(['e1', 'e3']);
    expect(await ids('never')).toEqual([]);
  });

  it('runs in the transaction it is given, so a rollback takes the row with it', async () => {
    const insert = insertPreferences();
    const inside: unknown[] = [];
    await expect(
      db.transaction().execute(async (trx) => {
        await insert.execute(trx, [row('a')]);
        inside.push(...(await trx.selectFrom('notification_preferences').selectAll().execute()));
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');

    expect(inside).toHaveLength(1); // written in the transaction…
    expect(await preferences()).toEqual([]); // …and gone with it
  });

  it('refuses an undefined value, rather than SQL that would not fit the next row', async () => {
    const partial = { ...row('a'), updated_at: undefined } as unknown as Preference;

    await expect(insertPreferences().execute(db, [partial])).rejects.toThrow(
      'insert preferences: a value is undefined',
    );
    expect(await preferences()).toEqual([]);
  });

  it('refuses a query that changes a value on its way, which would keep the first one for good', async () => {
    const insert = new ReusedQuery('insert changed', (db, rows: Preference[]) =>
      db
        .insertInto('notification_preferences')
        .values(rows.map((r) => ({ ...r, channels: JSON.stringify(r.channels) }))),
    );

    await expect(insert.execute(db, [row('a')])).rejects.toThrow(
      'insert changed: every value must reach the query as a value, unchanged',
    );
    expect(await preferences()).toEqual([]);
  });
});
