// What the cluster scenario needs besides Herald: PostgreSQL (a fresh schema per run), Redis and
// nginx, all on loopback. `missingServices()` says what is not there, so that the scenario is
// skipped with a message that names it rather than failing half-way.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { NGINX } from './nginx.mjs';

export const POSTGRES_URL =
  process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/herald_bench';
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function withClient(work) {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function redisAnswers(url) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port) || 6379, hostname);
    const done = (ok) => (socket.destroy(), clearTimeout(timer), resolve(ok));
    const timer = setTimeout(() => done(false), 2000);
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => done(String(data).startsWith('+PONG')));
    socket.on('error', () => done(false));
  });
}

/** Sentences naming what is missing (empty when everything answers). */
export async function missingServices() {
  const missing = [];
  await withClient((c) => c.query('select 1')).catch((err) =>
    missing.push(`no PostgreSQL at ${POSTGRES_URL} (BENCH_DATABASE_URL): ${err.message}`),
  );
  if (!(await redisAnswers(REDIS_URL)))
    missing.push(`no Redis answers at ${REDIS_URL} (BENCH_REDIS_URL)`);
  if (!fs.existsSync(NGINX))
    missing.push(`no nginx at ${NGINX} (apt-get install nginx, or NGINX_PATH)`);
  if (spawnSync('openssl', ['version']).status !== 0)
    missing.push('no openssl (for the test certificate)');
  return missing;
}

/**
 * A fresh, empty schema for one topology's run, as test/support/databases.ts makes one per
 * test: Herald migrates it at start-up, and its cluster id (hence its Redis key prefix) is new.
 */
export async function freshSchema() {
  const schema = `bench_${Date.now()}_${randomBytes(3).toString('hex')}`;
  await withClient((c) => c.query(`create schema ${schema}`));
  const url = new URL(POSTGRES_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    drop: () => withClient((c) => c.query(`drop schema if exists ${schema} cascade`)),
  };
}

/** Drops the schemas of runs that were interrupted before they could drop their own. */
export async function dropLeftoverSchemas() {
  await withClient(async (c) => {
    const { rows } = await c.query(
      `select nspname from pg_namespace where nspname like 'bench\\_%'`,
    );
    for (const { nspname } of rows) await c.query(`drop schema ${nspname} cascade`);
  });
}
