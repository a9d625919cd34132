import { ChildProcess, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_PATH } from './browser';
import { createTestDatabase, TestDatabase } from './databases';
import { eventually, freePort } from './fixtures';
import { nginxPath } from './nginx';
import { redisServerPath } from './redis-server';
import { assertBuilt, startRealProcess } from './real-process';

const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * The cluster suites need PostgreSQL (TEST_DATABASE_URL) and Redis (TEST_REDIS_URL, by default
 * redis://127.0.0.1:6379), some also nginx, Chromium or the redis-server binary (to run a Redis
 * of their own they can kill). Without them they are skipped with a loud warning;
 * with CI=true a missing one is a failure.
 */
export function describeCluster(
  name: string,
  body: () => void,
  options: { nginx?: boolean; chromium?: boolean; redisServer?: boolean } = {},
): void {
  const missing: string[] = [];
  if (!process.env.TEST_DATABASE_URL) missing.push('TEST_DATABASE_URL is unset');
  if (!redisAnswers(redisUrl)) missing.push(`no Redis answers at ${redisUrl} (TEST_REDIS_URL)`);
  if (options.nginx && !nginxPath()) {
    missing.push('no nginx (apt-get install nginx, or set NGINX_PATH)');
  }
  if (options.redisServer && !redisServerPath()) {
    missing.push('no redis-server (apt-get install redis-server, or set REDIS_SERVER_PATH)');
  }
  if (options.chromium && !existsSync(CHROMIUM_PATH)) {
    missing.push(`no Chromium at ${CHROMIUM_PATH} (apt-get install chromium)`);
  }
  if (missing.length > 0 && process.env.CI === 'true') {
    throw new Error(`CI=true but the cluster suites cannot run: ${missing.join('; ')}.`);
  }
  if (missing.length > 0) {
    console.warn(`\n\n  !!! Cluster suite "${name}" SKIPPED: ${missing.join('; ')}.\n\n`);
    return describe.skip(name, body);
  }
  describe(name, body);
}

/** A PING answered with PONG within two seconds; synchronous, so it can decide a `describe`. */
function redisAnswers(url: string): boolean {
  const { hostname, port } = new URL(url);
  const probe = `
    const socket = require('node:net').connect(${Number(port) || 6379}, ${JSON.stringify(hostname)});
    socket.on('connect', () => socket.write('PING\\r\\n'));
    socket.on('data', (data) => process.exit(String(data).startsWith('+PONG') ? 0 : 1));
    socket.on('error', () => process.exit(1));`;
  return spawnSync(process.execPath, ['-e', probe], { timeout: 2000 }).status === 0;
}

/** One `node dist/main.js` of the cluster. */
export interface Instance {
  url: string;
  process: ChildProcess;
  /** Resolves when the process has exited. */
  exited: Promise<void>;
}

export interface TestCluster {
  instances: Instance[];
  database: TestDatabase;
  /** Starts one more instance on the same database and Redis. */
  add(env?: Record<string, string>): Promise<Instance>;
  stop(): Promise<void>;
}

/**
 * `count` real Herald processes on one fresh PostgreSQL schema and the test Redis, started one
 * after another; the first leads (it is waited for before the next starts). `databaseUrlFor`
 * changes the URL the instances use (to reach PostgreSQL through a proxy).
 */
export async function startCluster(
  count: number,
  env: Record<string, string> = {},
  options: { databaseUrlFor?: (url: string) => string } = {},
): Promise<TestCluster> {
  assertBuilt();
  const database = await createTestDatabase('postgres');
  const databaseUrl = options.databaseUrlFor?.(database.url) ?? database.url;
  const dir = mkdtempSync(join(tmpdir(), 'herald-cluster-'));
  const instances: Instance[] = [];
  const add = async (extra: Record<string, string> = {}) => {
    const port = await freePort();
    const child = await startRealProcess({
      port,
      dir,
      env: { DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, ...env, ...extra },
    });
    const exited = new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve();
      else child.once('exit', () => resolve());
    });
    const instance = { url: `http://127.0.0.1:${port}`, process: child, exited };
    instances.push(instance);
    return instance;
  };
  const cluster: TestCluster = {
    instances,
    database,
    add,
    stop: async () => {
      for (const { process: child, exited } of instances) {
        child.kill('SIGKILL');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    for (let i = 0; i < count; i++) {
      const instance = await add();
      if (i === 0) await eventually(async () => (await roleOf(instance)) === 'leader', 10_000);
    }
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  return cluster;
}

/** `leader` or `follower` as the instance's /health says; undefined when it does not answer. */
export async function roleOf(instance: Instance): Promise<string | undefined> {
  const response = await fetch(`${instance.url}/health`).catch(() => undefined);
  if (!response?.ok) return undefined;
  const body = (await response.json()) as { cluster?: { role: string } };
  return body.cluster?.role;
}
