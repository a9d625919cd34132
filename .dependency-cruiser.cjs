/**
 * Module boundaries (docs/architecture.md, "Module rules"). A module is a folder of src/, or
 * one of src/channels/: each is entered only through its index.ts. Modules depend downward
 * along LAYERS. common/, persistence/ and cluster/ are infrastructure and know no feature
 * module. test/module-boundaries.spec.ts shows every rule failing on a violation.
 */

/** Lowest first: a module imports only modules of lower layers (and its own files). */
const LAYERS = [
  ['common'],
  ['persistence'],
  ['cluster'],
  ['auth'],
  ['orders'],
  ['streaming'],
  ['notifications'],
  ['channels'],
  ['health', 'metrics', 'problems', 'web'],
];

/** `src/orders/`, `src/channels/webhook/` ...: the module a file belongs to is `$1`. */
const IN_A_MODULE = '^src/((?:channels/)?[^/]+)/';
const AN_INDEX = '^src/(?:channels/)?[^/]+/index\\.ts$';

const layerRules = LAYERS.flatMap((layer, level) => {
  const notBelow = LAYERS.slice(level).flat();
  return layer.map((module) => ({
    name: `layer-${module}`,
    severity: 'error',
    comment: `${module}/ may import only modules of lower layers (LAYERS in .dependency-cruiser.cjs).`,
    from: { path: `^src/${module}/` },
    to: { path: `^src/(${notBelow.filter((other) => other !== module).join('|')})/` },
  }));
});

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'only-through-index',
      severity: 'error',
      comment: 'Import another module through its index.ts, never its internals.',
      from: { path: IN_A_MODULE },
      to: { path: '^src/.+/', pathNot: ['^src/$1/', AN_INDEX] },
    },
    {
      name: 'root-files-through-indexes',
      severity: 'error',
      comment: 'main.ts, app.module.ts and configure-app.ts compose modules by their index.ts.',
      from: { path: '^src/[^/]+\\.ts$' },
      to: { path: '^src/.+/', pathNot: AN_INDEX },
    },
    {
      name: 'orders-knows-no-delivery',
      severity: 'error',
      comment: 'Orders knows nothing of notifications, channels or SSE: they listen to its events.',
      from: { path: '^src/orders/' },
      to: { path: '^src/(streaming|notifications|channels)/' },
    },
    {
      name: 'channel-sees-only-notifications-and-common',
      severity: 'error',
      comment:
        "A channel module uses only notifications/' contract, common/, and persistence/ for state of its own (the e-mail digests).",
      from: { path: '^src/channels/([^/]+)/' },
      to: {
        path: '^src/',
        pathNot: ['^src/channels/$1/', '^src/(notifications|common|persistence)/index\\.ts$'],
      },
    },
    {
      name: 'infrastructure-knows-no-feature',
      severity: 'error',
      comment: 'common/, persistence/ and cluster/ depend on no feature module.',
      from: { path: '^src/(common|persistence|cluster)/' },
      to: { path: '^src/', pathNot: ['^src/common/', '^src/persistence/', '^src/cluster/'] },
    },
    {
      name: 'module-has-a-layer',
      severity: 'error',
      comment: 'Put a new module of src/ in LAYERS, so that which way it depends is written down.',
      from: { path: '^src/[^/]+/', pathNot: `^src/(${LAYERS.flat().join('|')})/` },
      to: { path: '^src/' },
    },
    ...layerRules,
    {
      name: 'src-never-imports-test',
      severity: 'error',
      comment: 'Production code does not depend on tests or their support files.',
      from: { path: '^src/' },
      to: { path: '^test/' },
    },
    {
      name: 'tests-import-no-suite-or-build',
      severity: 'error',
      comment:
        'A test shares code through test/**/support/, never by importing another suite (its tests would run twice) or dist/.',
      from: { path: '^test/' },
      to: { path: ['\\.(e2e-)?spec\\.ts$', '^dist/'] },
    },
    {
      name: 'storage-knows-no-cluster',
      severity: 'error',
      comment: 'common/ and persistence/ work without Redis; cluster/ builds on them, not under.',
      from: { path: '^src/(common|persistence)/' },
      to: { path: '^src/cluster/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // Unit specs sit beside their unit and test it from inside its module.
    exclude: { path: '^src/.+\\.spec\\.ts$' },
  },
};
