import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const ROOT = join(__dirname, '..');
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');
const DEPCRUISE = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

/** Modules with an index and one internal file, as in src/. */
const MODULES = [
  'common',
  'persistence',
  'auth',
  'orders',
  'streaming',
  'notifications',
  'channels/webhook',
  'channels/sms',
  'health',
];

/** Each file imports `imports`; `breaks` is every rule that must report it (none: allowed). */
const CASES: { file: string; imports: string[]; breaks: string[] }[] = [
  { file: 'src/notifications/ok.ts', imports: ['../orders', '../streaming'], breaks: [] },
  {
    file: 'src/channels/webhook/ok.ts',
    imports: ['../../notifications', '../../common'],
    breaks: [],
  },
  { file: 'src/health/ok.ts', imports: ['../persistence', '../auth'], breaks: [] },
  { file: 'src/main.ts', imports: ['./health', './channels/webhook', './common'], breaks: [] },
  {
    file: 'test/white-box.e2e-spec.ts',
    imports: ['../src/orders/inner', './support/helper'],
    breaks: [],
  },
  {
    file: 'src/notifications/bad.ts',
    imports: ['../orders/inner'],
    breaks: ['only-through-index'],
  },
  {
    file: 'src/channels/sms/bad-sibling.ts',
    imports: ['../webhook/inner'],
    breaks: ['only-through-index', 'channel-sees-only-notifications-and-common'],
  },
  {
    file: 'src/channels/sms/bad-orders.ts',
    imports: ['../../orders'],
    breaks: ['channel-sees-only-notifications-and-common'],
  },
  {
    file: 'src/app.module.ts',
    imports: ['./orders/inner'],
    breaks: ['root-files-through-indexes'],
  },
  {
    file: 'src/orders/bad-sse.ts',
    imports: ['../streaming'],
    breaks: ['orders-knows-no-delivery', 'layer-orders'],
  },
  {
    file: 'src/orders/bad-notify.ts',
    imports: ['../notifications'],
    breaks: ['orders-knows-no-delivery', 'layer-orders'],
  },
  {
    file: 'src/persistence/bad.ts',
    imports: ['../orders'],
    breaks: ['infrastructure-knows-no-feature', 'layer-persistence'],
  },
  { file: 'src/common/bad.ts', imports: ['../persistence'], breaks: ['layer-common'] },
  { file: 'src/streaming/bad.ts', imports: ['../notifications'], breaks: ['layer-streaming'] },
  { file: 'src/unlisted/bad.ts', imports: ['../common'], breaks: ['module-has-a-layer'] },
  { file: 'src/auth/bad.ts', imports: ['../orders'], breaks: ['layer-auth'] },
  {
    file: 'src/common/bad-test.ts',
    imports: ['../../test/support/helper'],
    breaks: ['src-never-imports-test'],
  },
  {
    file: 'test/bad.e2e-spec.ts',
    imports: ['./white-box.e2e-spec'],
    breaks: ['tests-import-no-suite-or-build'],
  },
];

/** A cycle is reported once, at whichever of its files the cruise meets first. */
const CYCLE = [
  { file: 'src/orders/cycle-a.ts', imports: ['./cycle-b'] },
  { file: 'src/orders/cycle-b.ts', imports: ['./cycle-a'] },
];

interface Violation {
  from: string;
  rule: { name: string };
}

function writeFixtures(dir: string): void {
  const write = (file: string, text: string) => {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  };
  for (const module of MODULES) {
    write(`src/${module}/index.ts`, 'export const index = 1;\n');
    write(`src/${module}/inner.ts`, 'export const inner = 1;\n');
  }
  write('test/support/helper.ts', 'export const helper = 1;\n');
  write('tsconfig.json', JSON.stringify({ compilerOptions: { module: 'commonjs' } }));
  for (const { file, imports } of [...CASES, ...CYCLE]) {
    write(file, imports.map((from) => `import '${from}';\n`).join('') + 'export {};\n');
  }
}

/** Each rule of .dependency-cruiser.cjs, run over a small tree that breaks it once. */
describe('.dependency-cruiser.cjs', () => {
  let dir: string;
  let violations: Violation[];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'herald-boundaries-'));
    writeFixtures(dir);
    const run = spawnSync(
      process.execPath,
      [DEPCRUISE, 'src', 'test', '--config', CONFIG, '--output-type', 'json'],
      { cwd: dir, encoding: 'utf8' },
    );
    if (!run.stdout) throw new Error(`depcruise did not run: ${run.stderr}`);
    violations = JSON.parse(run.stdout).summary.violations;
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(CASES)('$file breaks exactly $breaks', ({ file, breaks }) => {
    const broken = violations.filter((v) => v.from === file).map((v) => v.rule.name);
    expect([...new Set(broken)].sort()).toEqual([...breaks].sort());
  });

  it('reports a cycle', () => {
    const cycle = CYCLE.map((c) => c.file);
    expect(violations.filter((v) => cycle.includes(v.from)).map((v) => v.rule.name)).toEqual([
      'no-circular',
    ]);
  });

  it('reports nothing but the cases', () => {
    const files = new Set([...CASES, ...CYCLE].map((c) => c.file));
    expect(violations.filter((v) => !files.has(v.from))).toEqual([]);
  });
});
