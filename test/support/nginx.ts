import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { connect } from 'node:net';
import { join } from 'node:path';
import { eventually, freePort } from './fixtures';

const CONFIG = join(__dirname, '..', '..', 'deploy', 'nginx.conf');

/** Debian's nginx (`apt-get install nginx`), or NGINX_PATH. */
export function nginxPath(): string | undefined {
  const path = process.env.NGINX_PATH ?? '/usr/sbin/nginx';
  return existsSync(path) ? path : undefined;
}

export interface Nginx {
  /** https://127.0.0.1:<port> */
  url: string;
  stop(): Promise<void>;
}

/**
 * deploy/nginx.conf as it is, run in front of `upstreams` (host:port) on a free loopback port
 * with a fresh self-signed certificate; only its ports, certificate and file paths change.
 */
export async function startNginx(upstreams: string[]): Promise<Nginx> {
  const dir = mkdtempSync(join(tmpdir(), 'herald-nginx-'));
  chmodSync(dir, 0o755); // nginx's workers (another user when run as root) use temp files here
  const port = await freePort();
  const certificate = selfSignedCertificate(dir);
  const config = adapt(readFileSync(CONFIG, 'utf8'), { dir, port, upstreams, ...certificate });
  writeFileSync(join(dir, 'nginx.conf'), config);
  const nginx = spawn(
    nginxPath()!,
    ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'startup.log'), '-g', 'daemon off;'],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const exited = new Promise<void>((resolve) => nginx.once('exit', () => resolve()));
  const url = `https://127.0.0.1:${port}`;
  await eventually(async () => (await listening(port)) || nginx.exitCode !== null, 10_000, 50);
  if (nginx.exitCode !== null) throw new Error(`nginx did not start: ${readLog(dir)}`);
  return {
    url,
    stop: async () => {
      stopProcess(nginx);
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Each change must find its line: a test of another file than deploy/nginx.conf is no test. */
function adapt(
  config: string,
  options: { dir: string; port: number; upstreams: string[]; cert: string; key: string },
): string {
  const { dir } = options;
  const servers = options.upstreams.map((u) => `    server ${u} max_fails=1 fail_timeout=5s;`);
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(
    (kind) => `  ${kind}_temp_path ${join(dir, kind)};`,
  );
  const changes: [RegExp, string][] = [
    [/^pid .*;$/m, `pid ${join(dir, 'nginx.pid')};`],
    [/^ {2}error_log .*;$/m, `  error_log ${join(dir, 'error.log')} warn;\n${temp.join('\n')}`],
    [/^( {4}server 127\.0\.0\.1:\d+ .*;\n)+/m, `${servers.join('\n')}\n`],
    [/^ {4}listen 443 ssl http2;$/m, `    listen 127.0.0.1:${options.port} ssl http2;`],
    [/^ {4}ssl_certificate .*;$/m, `    ssl_certificate ${options.cert};`],
    [/^ {4}ssl_certificate_key .*;$/m, `    ssl_certificate_key ${options.key};`],
  ];
  for (const [pattern, replacement] of changes) {
    if (!pattern.test(config)) throw new Error(`deploy/nginx.conf has no line like ${pattern}`);
    config = config.replace(pattern, replacement);
  }
  return config;
}

function selfSignedCertificate(dir: string): { cert: string; key: string } {
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  const result = spawnSync('openssl', [
    ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1'],
    ...['-subj', '/CN=localhost', '-keyout', key, '-out', cert],
  ]);
  if (result.status !== 0) throw new Error(`openssl failed: ${String(result.stderr)}`);
  return { cert, key };
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

function stopProcess(child: ChildProcess): void {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGQUIT');
}

function readLog(dir: string): string {
  const log = join(dir, 'startup.log');
  return existsSync(log) ? readFileSync(log, 'utf8') : '(no log)';
}
