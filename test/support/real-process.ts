import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_JWT_SECRET } from './auth';
import { eventually } from './fixtures';

const MAIN = join(__dirname, '..', '..', 'dist', 'main.js');

/** Fails a suite at once, with the fix, when there is no build to run. */
export function assertBuilt(): void {
  if (!existsSync(MAIN))
    throw new Error(`${MAIN} is missing: run \`npm run build\` (npm test does it first).`);
}

/**
 * Herald as `npm start` runs it, on `port` with its SQLite file in `dir`, once it answers
 * /health. `stdout: 'pipe'` hands its log lines to the caller.
 */
export async function startRealProcess(options: {
  port: number;
  dir: string;
  env?: Record<string, string>;
  stdout?: 'ignore' | 'pipe';
}): Promise<ChildProcess> {
  const server = spawn(process.execPath, [MAIN], {
    env: {
      ...process.env,
      AUTH_JWT_SECRET: TEST_JWT_SECRET,
      NODE_ENV: 'test',
      PORT: String(options.port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DATABASE_URL: `sqlite:${join(options.dir, 'herald.db')}`,
      ...options.env,
    },
    stdio: ['ignore', options.stdout ?? 'ignore', 'inherit'],
  });
  await eventually(
    async () => (await fetch(`http://127.0.0.1:${options.port}/health`).catch(() => undefined))?.ok,
    20_000,
    100,
  );
  return server;
}
