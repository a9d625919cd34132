import type BetterSqlite3 from 'better-sqlite3';
import { StatementCache } from './statement-cache';

function setUp() {
  const prepared: string[] = [];
  let closed = false;
  const sqlite = {
    prepare: (sql: string) => (prepared.push(sql), { sql }),
    close: () => void (closed = true),
  } as unknown as BetterSqlite3.Database;
  return { cache: new StatementCache(sqlite), prepared, closed: () => closed };
}

describe(StatementCache.name, () => {
  it('prepares each SQL text once and hands the same statement back', () => {
    const { cache, prepared } = setUp();
    const first = cache.prepare('select 1');
    expect(cache.prepare('select 1')).toBe(first);
    cache.prepare('select 2');
    expect(prepared).toEqual(['select 1', 'select 2']);
  });

  it('keeps 500 statements, dropping the least recently used', () => {
    const { cache, prepared } = setUp();
    for (let i = 0; i < 500; i++) cache.prepare(`select ${i}`);
    cache.prepare('select 0'); // now the most recent
    cache.prepare('select 500'); // drops 'select 1'
    cache.prepare('select 0');
    expect(prepared).toHaveLength(501);
    cache.prepare('select 1');
    expect(prepared).toHaveLength(502);
  });

  it('forgets its statements and closes the database', () => {
    const { cache, prepared, closed } = setUp();
    cache.prepare('select 1');
    cache.close();
    expect(closed()).toBe(true);
    cache.prepare('select 1');
    expect(prepared).toEqual(['select 1', 'select 1']);
  });
});
