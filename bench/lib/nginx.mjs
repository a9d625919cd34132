// deploy/nginx.conf as it is, run by the bench in front of Herald on loopback with a throwaway
// self-signed certificate: the same changes test/support/nginx.ts makes (ports, certificate,
// paths; each must find its line, or the bench would measure another file), plus one header that
// names the instance which answered, so the generator can tell a cross-instance delivery from a
// same-instance one. The logic is repeated here rather than imported: test/ is TypeScript run by
// ts-jest, the bench plain ESM run by node.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './proc.mjs';

const CONFIG = path.resolve(fileURLToPath(import.meta.url), '../../../deploy/nginx.conf');
export const NGINX = process.env.NGINX_PATH ?? '/usr/sbin/nginx';

/** The response header that carries nginx's $upstream_addr (host:port of the instance). */
export const UPSTREAM_HEADER = 'x-herald-upstream';

/** deploy/nginx.conf with the bench's ports, certificate and paths, and the upstream header. */
export function adaptConfig(config, { dir, port, upstreams, cert, key }) {
  const servers = upstreams.map((u) => `    server ${u} max_fails=1 fail_timeout=5s;`);
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(
    (kind) => `  ${kind}_temp_path ${path.join(dir, kind)};`,
  );
  const changes = [
    [/^pid .*;$/m, `pid ${path.join(dir, 'nginx.pid')};`],
    [
      /^ {2}error_log .*;$/m,
      `  error_log ${path.join(dir, 'error.log')} warn;\n${temp.join('\n')}`,
    ],
    [/^( {4}server 127\.0\.0\.1:\d+ .*;\n)+/m, `${servers.join('\n')}\n`],
    [/^ {4}listen 443 ssl http2;$/m, `    listen 127.0.0.1:${port} ssl http2;`],
    [/^ {4}ssl_certificate .*;$/m, `    ssl_certificate ${cert};`],
    [/^ {4}ssl_certificate_key .*;$/m, `    ssl_certificate_key ${key};`],
    [/^( {4}location \/ \{)$/m, `$1\n      add_header X-Herald-Upstream $upstream_addr always;`],
  ];
  for (const [pattern, replacement] of changes) {
    if (!pattern.test(config)) throw new Error(`deploy/nginx.conf has no line like ${pattern}`);
    config = config.replace(pattern, replacement);
  }
  return config;
}

function selfSignedCertificate(dir) {
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  const result = spawnSync('openssl', [
    ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1'],
    ...['-subj', '/CN=localhost', '-keyout', key, '-out', cert],
  ]);
  if (result.status !== 0) throw new Error(`openssl failed: ${String(result.stderr)}`);
  return { cert, key };
}

function listening(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** The pids of nginx's worker processes (children of the master), for their CPU time. */
function workerPids(masterPid) {
  try {
    const text = fs.readFileSync(`/proc/${masterPid}/task/${masterPid}/children`, 'latin1');
    return text.trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/**
 * Starts nginx on a free loopback port in front of `upstreams` (host:port). `launch(command,
 * argv)` spawns it (the runner pins and tracks it). Resolves to { port, pids, stop }.
 */
export async function startNginx(upstreams, launch) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-bench-nginx-'));
  fs.chmodSync(dir, 0o755); // nginx's workers (another user when run as root) use temp files here
  const port = await freePort('127.0.0.1');
  const config = adaptConfig(fs.readFileSync(CONFIG, 'utf8'), {
    dir,
    port,
    upstreams,
    ...selfSignedCertificate(dir),
  });
  fs.writeFileSync(path.join(dir, 'nginx.conf'), config);
  const child = launch(NGINX, [
    ...['-p', dir, '-c', path.join(dir, 'nginx.conf')],
    ...['-e', path.join(dir, 'startup.log'), '-g', 'daemon off;'],
  ]);
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGQUIT');
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 10_000;
  while (!(await listening(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      const log = path.join(dir, 'startup.log');
      const why = fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '(no log)';
      await stop();
      throw new Error(`nginx did not start: ${why}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { port, pids: workerPids(child.pid), stop };
}
