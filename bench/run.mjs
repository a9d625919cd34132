#!/usr/bin/env node
// Herald benchmark: runs every scenario against two reference servers — the raw node:http
// baseline (bench/baseline/raw-sse.mjs, `baseline`) and a plain NestJS @Sse() service
// (bench/baseline/nest-sse.mjs, `nest`) — and against Herald, one after the other, with the same
// generator; prints a table with Herald ÷ raw Node and Herald ÷ plain NestJS for every figure
// (bench/lib/report.mjs) and writes bench/results/<timestamp>.json. `npm run bench` builds Herald
// first.
//
//   node bench/run.mjs [--scenario=fanout,moderate,idle,capacity,churn,topics,cluster] [--quick]
//                      [--targets=baseline,nest,herald] [--no-pin] [--profile] [--trace-gc]
//                      [--repeat=N]
// --profile writes each server's CPU profile (node --cpu-prof) to bench/results/profiles/.
// --trace-gc starts each server with V8's --trace-gc: every GC, its pause and the heap before
// and after, in the server's log (bench/results/logs/).
// --repeat=N runs every scenario N times, interleaved, and reports medians (default: the
// scenario's own `repeat` in a full run, 1 with --quick).
// The cluster scenario (only with --scenario=cluster) runs Herald in three topologies instead of
// the three servers (bench/lib/cluster-topology.mjs) and prints its own table
// (bench/lib/cluster-report.mjs); without PostgreSQL, Redis or nginx it is skipped, loudly.
// The generator then also gets { tls, directPort, heraldPids, nginxPids } (cluster-scenario.mjs).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SignJWT } from 'jose';
import { freePort, httpGet } from './lib/proc.mjs';
import { dropLeftoverSchemas, missingServices } from './lib/cluster-services.mjs';
import { clusterTable } from './lib/cluster-report.mjs';
import { startTopology, TOPOLOGIES } from './lib/cluster-topology.mjs';
import { NGINX } from './lib/nginx.mjs';
import { combineRuns, runByRunRatios, table } from './lib/report.mjs';
import { SCENARIOS, SCENARIO_ORDER } from './lib/scenarios.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const RESULTS = path.join(HERE, 'results');
const TOTAL_BUDGET_MS = 11 * 60_000;
const HOST = '127.0.0.1';

const args = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, '').split('=');
    return [k, v ?? true];
  }),
);
const quick = Boolean(args.quick);
const scenarios = args.scenario ? String(args.scenario).split(',') : SCENARIO_ORDER;
const TARGETS = ['baseline', 'nest', 'herald'];
const targets = args.targets ? String(args.targets).split(',') : [];
for (const s of scenarios)
  if (!SCENARIOS[s]) fail(`unknown scenario ${s} (one of ${Object.keys(SCENARIOS).join(', ')})`);
for (const t of targets)
  if (!TARGETS.includes(t) && !TOPOLOGIES.includes(t))
    fail(`unknown target ${t} (one of ${[...TARGETS, ...TOPOLOGIES].join(', ')})`);
/** The servers a scenario runs against: --targets picks among the scenario's own. */
function targetsOf(scenario) {
  const own = scenario === 'cluster' ? TOPOLOGIES : TARGETS;
  const picked = targets.filter((t) => own.includes(t));
  return picked.length > 0 ? picked : own;
}
const pin =
  !args['no-pin'] &&
  spawnSync('taskset', ['-c', '0', 'true']).status === 0 &&
  os.cpus().length >= 2;

function fail(message) {
  console.error(`bench: ${message}`);
  process.exit(2);
}

// Every process we start, so that nothing outlives the run (errors and Ctrl-C included).
const children = new Set();
// nginx's master is stopped with SIGTERM (it stops its workers; killed, it would orphan them).
const killSignal = new Map();
function track(child, signal = 'SIGKILL') {
  children.add(child);
  killSignal.set(child, signal);
  child.on('exit', () => (children.delete(child), killSignal.delete(child)));
  return child;
}
function killAll() {
  for (const c of children) {
    try {
      c.kill(killSignal.get(c));
    } catch {
      // already gone
    }
  }
}
process.on('exit', killAll);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    console.error(`\nbench: ${sig}, stopping every process it started`);
    killAll();
    process.exit(130);
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function pinned(cpu, command, argv) {
  return pin ? ['taskset', ['-c', String(cpu), command, ...argv]] : [command, argv];
}

/**
 * Herald's environment in every scenario. The bench signs its own admin token with the secret,
 * so the cluster scenario needs no AUTH_DEV_TOKENS (which NODE_ENV=production refuses anyway).
 */
function heraldEnv(secret) {
  return {
    ...process.env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    RATE_LIMIT_WRITES_PER_MINUTE: '0',
    SSE_MAX_STREAMS: '20000',
    SSE_MAX_STREAMS_PER_USER: '20000',
    AUTH_JWT_SECRET: secret,
  };
}

/** One topology of the cluster scenario, every server process pinned to the server's CPU. */
async function startClusterTarget(topology, env, logFile) {
  const topo = await startTopology(topology, {
    launch: (command, argv, options) => {
      const [cmd, a] = pinned(0, command, argv);
      return track(spawn(cmd, a, options), command === NGINX ? 'SIGTERM' : 'SIGKILL');
    },
    env: { ...heraldEnv(env.secret), HOST, SSE_HEARTBEAT_MS: '15000' },
    logFile,
    script: path.join(ROOT, 'dist', 'main.js'),
  });
  return { ...topo, pid: topo.heraldPids[0] };
}

async function startServer(target, scenario, env, logFile) {
  if (scenario === 'cluster') return startClusterTarget(target, env, logFile);
  const port = await freePort(HOST);
  let tmp = null;
  const common = {
    PORT: String(port),
    HOST,
    SSE_HEARTBEAT_MS: '15000',
    ...SCENARIOS[scenario].env,
  };
  let script;
  let serverEnv;
  if (target === 'baseline' || target === 'nest') {
    script = path.join(HERE, 'baseline', target === 'nest' ? 'nest-sse.mjs' : 'raw-sse.mjs');
    serverEnv = { ...process.env, ...common };
  } else {
    script = path.join(ROOT, 'dist', 'main.js');
    if (!fs.existsSync(script))
      throw new Error('dist/main.js is missing: run `npm run bench` (it builds first)');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-bench-'));
    serverEnv = {
      ...heraldEnv(env.secret),
      DATABASE_URL: `sqlite:${path.join(tmp, 'bench.db')}`,
      ...common,
    };
  }
  const out = fs.openSync(logFile, 'a');
  const nodeArgs = env.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${env.profileDir}`] : [];
  if (args['trace-gc']) nodeArgs.push('--trace-gc');
  const probe = SCENARIOS[scenario].heapProbe;
  if (probe) nodeArgs.push('--expose-gc', '--import', path.join(HERE, 'lib', 'heap-probe.mjs'));
  const [cmd, argv] = pinned(0, process.execPath, [...nodeArgs, script]);
  const stdio = ['ignore', out, out, ...(probe ? ['ipc'] : [])];
  const child = track(spawn(cmd, argv, { cwd: ROOT, env: serverEnv, stdio }));
  fs.closeSync(out);
  let exited = null;
  child.on('exit', (code, signal) => (exited = { code, signal }));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited)
      throw new Error(
        `${target} exited during start-up (${JSON.stringify(exited)}); see ${logFile}`,
      );
    const r = await httpGet(HOST, port, '/health', env.headers, 2000);
    if (r.status === 200) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${target} not healthy within 60 s; see ${logFile}`);
    }
    await sleep(200);
  }
  return { child, pid: child.pid, port, tmp };
}

async function stopServer(server) {
  if (server.stop) return server.stop();
  const { child } = server;
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(t);
  }
  if (server.tmp) fs.rmSync(server.tmp, { recursive: true, force: true });
}

/** The server's memory after a full GC, from bench/lib/heap-probe.mjs (churn only). */
function measureHeap(server) {
  const { child } = server;
  return new Promise((resolve) => {
    if (!child.connected) return resolve(null);
    const done = (m) => {
      clearTimeout(timer);
      child.off('message', done);
      resolve(m);
    };
    const timer = setTimeout(() => done(null), 30_000);
    child.on('message', done);
    child.send('measure', (error) => error && done(null));
  });
}

function runGenerator(msg, timeoutMs, server) {
  return new Promise((resolve) => {
    // --expose-gc: the generator collects fully right before measuring (collectGarbage there).
    const generator = ['--expose-gc', path.join(HERE, 'lib', 'generator.mjs')];
    const [cmd, argv] = pinned(1, process.execPath, generator);
    const child = track(
      spawn(cmd, argv, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
    );
    let result = null;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve({ ok: false, notes: [`generator killed after ${timeoutMs / 1000} s`], figures: {} });
    }, timeoutMs);
    child.on('message', async (m) => {
      if (m.type === 'result') result = m.result;
      if (m.type !== 'heap') return;
      const heap = await measureHeap(server);
      if (child.connected) child.send({ type: 'heap', heap }, () => undefined);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(
        result ?? {
          ok: false,
          notes: [`generator exited (${code ?? signal}) without a result`],
          figures: {},
        },
      );
    });
    child.send(msg);
  });
}

// ---------------------------------------------------------------------------------------------
async function main() {
  const started = Date.now();
  fs.mkdirSync(path.join(RESULTS, 'logs'), { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const secret = randomBytes(36).toString('base64url'); // 48 characters
  const token = await new SignJWT({ roles: ['admin'] })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('bench-admin')
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(Buffer.from(secret));
  const headers = {
    Authorization: `Bearer ${token}`,
    'X-User-Id': 'bench-admin',
    'X-User-Roles': 'admin',
  };
  const machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    node: process.version,
    kernel: os.release(),
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    loadavgAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
    pinned: pin ? 'server on CPU 0, generator on CPU 1 (taskset)' : 'not pinned',
  };
  console.log(
    `Herald bench ${quick ? '(quick) ' : ''}— ${machine.cpus}× ${machine.cpuModel}, Node ${machine.node}, ${machine.pinned}`,
  );
  if (!pin)
    console.log('warning: taskset unavailable or --no-pin: server and generator share CPUs');

  const results = {};
  const skipped = new Set();
  if (scenarios.includes('cluster')) {
    const missing = await missingServices();
    if (missing.length > 0) {
      skipped.add('cluster');
      console.error(`\n  !!! cluster scenario SKIPPED: ${missing.join('; ')}.\n`);
    } else await dropLeftoverSchemas();
  }
  for (const s of scenarios.filter((x) => !skipped.has(x))) {
    results[s] = {};
    const targetsHere = targetsOf(s);
    const params = SCENARIOS[s][quick ? 'quick' : 'full'];
    const repeat = Number(args.repeat ?? (quick ? 1 : (SCENARIOS[s].repeat ?? 1)));
    const runs = Object.fromEntries(targetsHere.map((t) => [t, []]));
    for (let rep = 1; rep <= repeat; rep++) {
      for (const t of targetsHere) {
        const elapsed = Date.now() - started;
        if (elapsed + params.timeoutMs > TOTAL_BUDGET_MS + 60_000) {
          runs[t].push({
            ok: false,
            notes: ['skipped: the run would exceed its 12-minute budget'],
            figures: {},
          });
          continue;
        }
        const run = repeat > 1 ? `-${rep}` : '';
        const logFile = path.join(RESULTS, 'logs', `${stamp}-${t}-${s}${run}.log`);
        const t0 = Date.now();
        process.stdout.write(
          `  ${`${s}${repeat > 1 ? ` ${rep}/${repeat}` : ''}`.padEnd(13)} ${t.padEnd(9)} `,
        );
        let server = null;
        let r;
        try {
          const profileDir = args.profile
            ? path.join(RESULTS, 'profiles', `${stamp}-${t}-${s}${run}`)
            : undefined;
          server = await startServer(t, s, { secret, headers, profileDir }, logFile);
          const where = { host: server.host ?? HOST, port: server.port, pid: server.pid };
          const { tls, directPort, heraldPids, nginxPids } = server;
          const topology = s === 'cluster' ? { tls, directPort, heraldPids, nginxPids } : {};
          r = await runGenerator(
            { scenario: s, params, ...where, ...topology, headers },
            params.timeoutMs * 2 + 90_000,
            server,
          );
        } catch (err) {
          r = { ok: false, notes: [String(err.message ?? err)], figures: {} };
        } finally {
          if (server) await stopServer(server).catch(() => {});
        }
        runs[t].push(r);
        console.log(
          `${r.ok ? 'ok  ' : 'FAIL'} ${((Date.now() - t0) / 1000).toFixed(1)} s${r.notes?.length ? `  — ${r.notes.join('; ')}` : ''}`,
        );
      }
    }
    for (const t of targetsHere) results[s][t] = combineRuns(runs[t]);
  }

  // The cluster scenario compares Herald with itself: its own table, its own verdicts.
  const againstReferences = scenarios.filter((s) => s !== 'cluster');
  const { text, verdicts } = table(results, againstReferences);
  if (againstReferences.length > 0) console.log(`\n${text}`);
  for (const line of runByRunRatios(results, againstReferences)) console.log(line);
  if (results.cluster) {
    const cluster = clusterTable(results.cluster);
    console.log(`\n${SCENARIOS.cluster.title}\n${cluster.text}`);
    verdicts.push(...cluster.verdicts);
  }
  // A reference that did not pass its own checks (plain NestJS cut in topics, say) still gives
  // its figures, measured the same way; say so, since a ratio to it reads differently.
  for (const s of againstReferences)
    for (const t of targetsOf(s).filter((x) => x !== 'herald'))
      if (results[s]?.[t] && !results[s][t].ok)
        console.log(
          `note: ${s} on ${t} did not pass its own checks: ${results[s][t].notes.join('; ')}`,
        );
  // A run that failed in a way no row shows (a generator error, a stream cut short) is a miss too.
  for (const s of scenarios) {
    const missedHere = verdicts.some((v) => v.scenario === s && !v.pass);
    if (results[s]?.herald && !results[s].herald.ok && !missedHere)
      verdicts.push({ scenario: s, figure: 'every run passed its checks', pass: false });
  }
  for (const t of TOPOLOGIES)
    if (results.cluster?.[t] && !results.cluster[t].ok)
      verdicts.push({
        scenario: 'cluster',
        figure: `every ${t} run passed its checks`,
        pass: false,
      });
  if (skipped.has('cluster')) console.log('The cluster scenario was SKIPPED (see above).');
  const failed = verdicts.filter((v) => !v.pass);
  const stretch = verdicts
    .filter((v) => v.stretch !== undefined)
    .map((v) => ` Stretch target ${v.scenario}/${v.figure}: ${v.stretch ? 'met' : 'not met'}.`)
    .join('');
  console.log(
    againstReferences.some((s) => targetsOf(s).includes('herald')) || results.cluster
      ? (failed.length === 0
          ? `All ${verdicts.length} targets met.`
          : `${failed.length} of ${verdicts.length} targets missed: ${failed.map((v) => `${v.scenario}/${v.figure}`).join(', ')}.`) +
          stretch
      : '',
  );
  const file = path.join(RESULTS, `${stamp}.json`);
  fs.writeFileSync(
    file,
    JSON.stringify(
      {
        startedAt: new Date(started).toISOString(),
        quick,
        targets: Object.fromEntries(scenarios.map((s) => [s, targetsOf(s)])),
        machine,
        params: Object.fromEntries(
          scenarios.map((s) => [s, SCENARIOS[s][quick ? 'quick' : 'full']]),
        ),
        results,
        verdicts,
      },
      null,
      2,
    ),
  );
  console.log(
    `Results: ${path.relative(ROOT, file)}  (${((Date.now() - started) / 1000).toFixed(0)} s)`,
  );
}

main().catch((err) => {
  console.error(err);
  killAll();
  process.exit(1);
});
