// The three topologies the cluster scenario compares, each on a fresh PostgreSQL schema:
//   direct   one Herald on PostgreSQL, the generator talks HTTP/1.1 to it
//   nginx    the same one Herald behind deploy/nginx.conf (TLS, HTTP/1.1 to nginx)
//   cluster  two Herald instances (PostgreSQL + Redis: cluster mode) behind the same nginx
// The single instance runs without REDIS_URL: one process on PostgreSQL is what an operator runs
// before scaling out, so `cluster ÷ nginx` is what going to two instances costs or gains.
import fs from 'node:fs';
import path from 'node:path';
import { freePort, httpGet } from './proc.mjs';
import { freshSchema, REDIS_URL } from './cluster-services.mjs';
import { startNginx } from './nginx.mjs';

export const TOPOLOGIES = ['direct', 'nginx', 'cluster'];
const HOST = '127.0.0.1';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Waits for GET /health (and, when `leader`, for this instance to lead the cluster). */
async function healthy(port, child, logFile, leader) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`Herald exited during start-up; see ${logFile}`);
    const r = await httpGet(HOST, port, '/health', {}, 2000);
    if (r.status === 200 && (!leader || JSON.parse(r.body).cluster?.role === 'leader')) return;
    if (Date.now() > deadline) throw new Error(`Herald not healthy within 60 s; see ${logFile}`);
    await sleep(200);
  }
}

async function stopProcess(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(t);
}

/**
 * Starts `kind`. `launch(command, argv, options)` spawns a server-side process (the runner pins
 * it to the server's CPU and kills it if the run dies); `env` is Herald's environment as in the
 * other scenarios. Resolves to where the generator connects and which pids to measure.
 */
export async function startTopology(kind, { launch, env, logFile, script }) {
  const schema = await freshSchema();
  const started = [];
  const stop = async () => {
    for (const s of started.reverse()) await s().catch(() => {});
    await schema.drop().catch(() => {});
  };
  try {
    const count = kind === 'cluster' ? 2 : 1;
    const heraldPorts = [];
    const heraldPids = [];
    for (let i = 0; i < count; i++) {
      const port = await freePort(HOST);
      const out = fs.openSync(logFile.replace(/\.log$/, `-${i + 1}.log`), 'a');
      const child = launch(process.execPath, [script], {
        cwd: path.dirname(path.dirname(script)),
        env: {
          ...env,
          PORT: String(port),
          DATABASE_URL: schema.url,
          ...(kind === 'cluster' ? { REDIS_URL } : {}),
          ...(kind === 'direct' ? {} : { TRUST_PROXY: 'loopback' }),
        },
        stdio: ['ignore', out, out],
      });
      fs.closeSync(out);
      started.push(() => stopProcess(child));
      // The first instance migrates the schema and takes the lead before the next one starts.
      await healthy(port, child, logFile, kind === 'cluster' && i === 0);
      heraldPorts.push(port);
      heraldPids.push(child.pid);
    }
    if (kind === 'direct')
      return { host: HOST, port: heraldPorts[0], tls: false, heraldPids, nginxPids: [], stop };
    const upstreams = heraldPorts.map((p) => `${HOST}:${p}`);
    const nginx = await startNginx(upstreams, (command, argv) =>
      launch(command, argv, { stdio: ['ignore', 'ignore', 'ignore'] }),
    );
    started.push(nginx.stop);
    return {
      host: HOST,
      port: nginx.port,
      tls: true,
      // The direct probes (cluster-scenario.mjs) connect here, past nginx, to the one instance.
      directPort: kind === 'nginx' ? heraldPorts[0] : null,
      heraldPids,
      nginxPids: nginx.pids,
      upstreams,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
