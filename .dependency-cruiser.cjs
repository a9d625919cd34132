/**
 * Module boundaries: a file in src/<module>/ may import another module only through that
 * module's index.ts. common/, persistence/ and cluster/ are infrastructure and know no domain
 * module.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'only-through-index',
      severity: 'error',
      comment: "Import another module through its index.ts, never its internals.",
      from: { path: '^src/([^/]+)/' },
      to: {
        path: '^src/([^/]+)/.+',
        pathNot: ['^src/$1/', '^src/[^/]+/index\\.ts$'],
      },
    },
    {
      name: 'infrastructure-knows-no-domain',
      severity: 'error',
      comment: 'common/, persistence/ and cluster/ must not depend on feature modules.',
      from: { path: '^src/(common|persistence|cluster)/' },
      to: { path: '^src/(orders|notifications|streaming|auth|channels|web|health|metrics)/' },
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
    exclude: { path: '\\.spec\\.ts$' },
  },
};
