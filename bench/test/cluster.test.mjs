// node --test bench/test/ — the cluster scenario's pure parts: latencies split into same- and
// cross-instance deliveries, the table's ratios between topologies and its verdicts, and the
// nginx configuration the bench runs (deploy/nginx.conf with only its ports, paths, certificate
// and the upstream header changed).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { clusterTable } from '../lib/cluster-report.mjs';
import { countByInstance, splitByInstance } from '../lib/instance-split.mjs';
import { adaptConfig } from '../lib/nginx.mjs';
import { combineRuns } from '../lib/report.mjs';

const A = '127.0.0.1:3001';
const B = '127.0.0.1:3002';

test('splitByInstance: a delivery is cross-instance when its writer is not its reader', () => {
  // Two subscribers (0 on A, 1 on B), two orders (0 written through A at 100, 1 through B at 200).
  const split = splitByInstance({
    n: 4,
    sub: Int32Array.from([0, 1, 0, 1]),
    order: Int32Array.from([0, 0, 1, 1]),
    time: Float64Array.from([110, 130, 240, 205]),
    sentAt: [100, 200],
    writer: [A, B],
    reader: [A, B],
  });
  assert.deepEqual([split.latencyMs.count, split.latencyMs.p50, split.latencyMs.max], [4, 10, 40]);
  assert.deepEqual([split.sameInstanceMs.count, split.sameInstanceMs.max], [2, 10]); // 10, 5
  assert.deepEqual([split.crossInstanceMs.count, split.crossInstanceMs.max], [2, 40]); // 30, 40
  assert.equal(split.crossOverSameP99, 4);
});

test('splitByInstance: one instance, or none named (no nginx), is all same-instance', () => {
  const split = splitByInstance({
    n: 2,
    sub: Int32Array.from([0, 1]),
    order: Int32Array.from([0, 1]),
    time: Float64Array.from([12, 30]),
    sentAt: [10, 0], // the second order's POST time is unknown: not a latency
    writer: [null, null],
    reader: [undefined, null],
  });
  assert.equal(split.latencyMs.count, 1);
  assert.equal(split.sameInstanceMs.count, 1);
  assert.equal(split.crossInstanceMs.count, 0);
  assert.equal(split.crossOverSameP99, null);
  assert.deepEqual(countByInstance([A, B, A, null]), { [A]: 2, [B]: 1, direct: 1 });
});

test('splitByInstance: the direct probes apart, and what nginx adds at p50 and p99', () => {
  // Subscribers 0 and 1 through nginx, 2 a direct probe; one event sent at 0.
  const split = splitByInstance({
    n: 3,
    sub: Int32Array.from([0, 1, 2]),
    order: Int32Array.from([0, 0, 0]),
    time: Float64Array.from([12, 14, 9]),
    sentAt: [0.001],
    writer: [A],
    reader: [A, A, null],
    probe: [false, false, true],
  });
  assert.equal(split.latencyMs.count, 2);
  assert.equal(split.crossInstanceMs.count, 0); // the probe is not a cross-instance delivery
  assert.equal(split.directProbeMs.count, 1);
  assert.equal(split.nginxAddsP50Ms, 3); // 12 - 9
  assert.equal(split.nginxAddsP99Ms, 5); // 14 - 9
});

test('clusterTable: nginx÷direct and 2÷1 per figure, paired for repeated runs', () => {
  const run = (p99, deliveryRatio = 1) => ({
    ok: true,
    figures: { moderate: { deliveryRatio, latencyMs: { p99 } }, fanout: { deliveryRatio } },
  });
  const results = {
    direct: combineRuns([run(10), run(20)]),
    nginx: combineRuns([run(15), run(20)]),
    cluster: combineRuns([run(30), run(30)]),
  };
  const { text, verdicts } = clusterTable(results);
  const row = text.split('\n').find((l) => l.startsWith('moderate latency p99'));
  // Medians 15, 17.5, 30; run by run nginx÷direct 1.5 and 1 (median 1.25), 2÷1 2 and 1.5 (1.75).
  assert.match(row, /\s15\s+17\.5\s+30\s+1\.25\s+1\.75$/);
  assert.deepEqual(
    verdicts.map((v) => [v.figure, v.pass]),
    [
      ['moderate delivery ratio', true],
      ['fan-out delivery ratio', true],
    ],
  );
  // A condition holds in every run of every topology, whatever the medians say.
  results.cluster = combineRuns([run(30), run(30, 0.99), run(30)]);
  assert.equal(clusterTable(results).verdicts[0].pass, false);
});

test('adaptConfig: the bench runs deploy/nginx.conf, changed only where it must be', () => {
  const original = fs.readFileSync(new URL('../../deploy/nginx.conf', import.meta.url), 'utf8');
  const config = adaptConfig(original, {
    dir: '/tmp/x',
    port: 8443,
    upstreams: [A, B],
    cert: '/tmp/x/cert.pem',
    key: '/tmp/x/key.pem',
  });
  assert.match(config, /listen 127\.0\.0\.1:8443 ssl http2;/);
  assert.match(
    config,
    /server 127\.0\.0\.1:3001 max_fails=1 fail_timeout=5s;\n\s+server 127\.0\.0\.1:3002 /,
  );
  assert.match(config, /location \/ \{\n\s+add_header X-Herald-Upstream \$upstream_addr always;/);
  for (const kept of [
    'proxy_buffering off;',
    'least_conn;',
    'keepalive 64;',
    'proxy_read_timeout 1h;',
  ])
    assert.ok(config.includes(kept), kept);
  assert.throws(
    () => adaptConfig('events {}', { dir: '/tmp/x', port: 1, upstreams: [A] }),
    /no line like/,
  );
});
