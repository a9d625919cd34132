import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

/** A fresh, empty database for one test: a temp SQLite file, or its own PostgreSQL schema. */
export interface TestDatabase {
  kind: 'sqlite' | 'postgres';
  url: string;
  drop(): Promise<void>;
}

export type DatabaseKind = TestDatabase['kind'];

const postgresUrl = process.env.TEST_DATABASE_URL;

/** The databases every e2e suite runs on: SQLite always, PostgreSQL when TEST_DATABASE_URL is set. */
export function databaseKinds(): DatabaseKind[] {
  if (postgresUrl) return ['sqlite', 'postgres'];
  if (process.env.CI === 'true') {
    throw new Error(
      'CI=true but TEST_DATABASE_URL is unset: the PostgreSQL suites cannot be skipped in CI.',
    );
  }
  warnOnce('TEST_DATABASE_URL is unset: PostgreSQL suites are SKIPPED (SQLite only).');
  return ['sqlite'];
}

export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  return kind === 'postgres' ? createPostgresSchema(postgresUrl!) : createSqliteFile();
}

function createSqliteFile(): TestDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'herald-test-'));
  return {
    kind: 'sqlite',
    url: `sqlite:${join(dir, 'herald.db')}`,
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

const runPrefix = () => `test_${process.env.HERALD_TEST_RUN ?? 'adhoc'}_`;

/**
 * Each test gets its own schema. Schemas are dropped once, after the whole run
 * (global-teardown.ts), never during it: Kysely's migrator introspects the tables of every
 * schema, and a schema dropped by another worker at that moment makes it fail.
 */
async function createPostgresSchema(baseUrl: string): Promise<TestDatabase> {
  const schema = `${runPrefix()}${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  await withClient(baseUrl, (client) => client.query(`create schema ${schema}`));
  const url = new URL(baseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return { kind: 'postgres', url: url.toString(), drop: async () => undefined };
}

export async function dropRunSchemas(): Promise<void> {
  if (!postgresUrl) return;
  await withClient(postgresUrl, async (client) => {
    const { rows } = await client.query<{ nspname: string }>(
      `select nspname from pg_namespace where nspname like $1`,
      [`${runPrefix()}%`],
    );
    for (const { nspname } of rows) await client.query(`drop schema ${nspname} cascade`);
  });
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const warned = new Set<string>();
function warnOnce(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  console.warn(`\n\n  !!! ${message}\n\n`);
}
