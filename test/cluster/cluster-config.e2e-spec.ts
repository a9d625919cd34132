import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { assertBuilt } from '../support/real-process';

const MAIN = join(__dirname, '..', '..', 'dist', 'main.js');

/** Runs `node dist/main.js` with `env` (and nothing of the test's own), until it exits. */
function boot(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN], {
      env: { PATH: process.env.PATH, LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

describe('Cluster mode settings of the real process', () => {
  beforeAll(assertBuilt);

  it('stops the start on REDIS_URL with SQLite, saying to use PostgreSQL', async () => {
    const { code, stderr } = await boot({
      REDIS_URL: 'redis://127.0.0.1:6379',
      DATABASE_URL: 'sqlite:/tmp/herald-never-created/herald.db',
      AUTH_JWT_SECRET: 'x'.repeat(32),
    });
    expect(code).toBe(1);
    expect(stderr).toContain('REDIS_URL: cluster mode (REDIS_URL set) needs PostgreSQL');
  });

  it('stops the start in cluster mode without AUTH_JWT_SECRET or AUTH_JWKS_URL, saying why', async () => {
    const { code, stderr } = await boot({
      REDIS_URL: 'redis://127.0.0.1:6379',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
    });
    expect(code).toBe(1);
    expect(stderr).toContain('cluster mode (REDIS_URL set) needs one key for every instance');
    expect(stderr).toContain('ephemeral secret of its own');
  });
});
