import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { eventually, freePort } from './fixtures';

/** Debian's redis-server (`apt-get install redis-server`), or REDIS_SERVER_PATH. */
export function redisServerPath(): string | undefined {
  const path = process.env.REDIS_SERVER_PATH ?? '/usr/bin/redis-server';
  return existsSync(path) ? path : undefined;
}

/** A Redis of the test's own on a free loopback port: one it may kill and start again. */
export interface OwnRedis {
  url: string;
  /** kill -9: clients see their connections drop and every reconnection refused. */
  kill(): Promise<void>;
  /** Starts it again on the same port, empty (no persistence), once it answers PING. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  let server: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  const start = async () => {
    const child = spawn(
      redisServerPath()!,
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    server = child;
    exited = new Promise((resolve) => child.once('exit', () => resolve()));
    await eventually(() => answersPing(port), 10_000, 50);
  };
  const kill = async () => {
    server?.kill('SIGKILL');
    await exited;
    server = undefined;
  };
  await start();
  return { url: `redis://127.0.0.1:${port}`, kill, start, stop: kill };
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
    socket.once('data', (data) => (socket.destroy(), resolve(String(data).startsWith('+PONG'))));
    socket.once('error', () => resolve(false));
  });
}
