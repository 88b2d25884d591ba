/** Dependency rules of DESIGN.md, checked by `npm run lint:deps` (part of `npm test`). */
module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'providers-stay-independent',
      comment: 'Providers import nothing of ours but spec.ts, their own folders and small utilities.',
      severity: 'error',
      from: { path: '^src/providers/' },
      to: { path: '^src/', pathNot: ['^src/providers/', '^src/util/'] },
    },
    {
      name: 'no-http-framework-below-http',
      comment: 'No module below http/ knows Fastify.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/http/', '^src/main\\.ts$'] },
      to: { path: 'node_modules/(fastify|@fastify)/' },
    },
    {
      name: 'services-do-not-import-http',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/http/', '^src/main\\.ts$', '^src/cli/'] },
      to: { path: '^src/http/' },
    },
    {
      name: 'api-contract-is-pure',
      comment:
        'The API contract (src/api-contract/) is read by the server and the console: it imports zod and itself only.',
      severity: 'error',
      from: { path: '^src/api-contract/' },
      to: { pathNot: ['^src/api-contract/', '^node_modules/zod/'] },
    },
    {
      name: 'console-reads-only-the-contract',
      comment: 'The console (web/) imports nothing of the server but its API contract.',
      severity: 'error',
      from: { path: '^web/src/' },
      to: { path: '^src/', pathNot: '^src/api-contract/' },
    },
    {
      name: 'console-imports-contract-types',
      comment:
        "The console imports the contract's types only (erased from the bundle), apart from the plain arrays of formats.ts.",
      severity: 'error',
      from: { path: '^web/src/' },
      to: { path: '^src/api-contract/', pathNot: '^src/api-contract/formats\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'inference-does-not-import-channels',
      comment:
        'The request path (inference/) reads the models the control plane (channels/) publishes through ' +
        'inference/model-registry.ts; channels/ builds on inference/, never the other way round.',
      severity: 'error',
      from: { path: '^src/inference/' },
      to: { path: '^src/channels/' },
    },
    {
      name: 'store-is-the-bottom',
      severity: 'error',
      from: { path: '^src/store/' },
      to: { path: '^src/', pathNot: ['^src/store/', '^src/util/'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.test\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js'] },
  },
};
