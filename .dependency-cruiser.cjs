/**
 * The boundaries `npm test` enforces (npm run boundaries). A domain is a folder under src/ other than
 * shared/; the files directly in src/ (app, server, worker, jobs, deps, config) are the composition
 * root, which wires the domains together through their index.ts.
 */
const DOMAIN = '^src/(?!shared/)([^/]+)/';
const COMPOSITION_ROOT = '^src/(app|server|worker|jobs)\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-through-index',
      comment:
        'A domain enters another only through its index.ts: what the index exports is the domain’s ' +
        'promise to the others, everything else may change without warning.',
      severity: 'error',
      from: { path: DOMAIN },
      to: { path: '^src/[^/]+/', pathNot: ['^src/$1/', '^src/shared/', '^src/[^/]+/index\\.ts$'] },
    },
    {
      name: 'domain-knows-no-composition-root',
      comment: 'The composition root imports the domains, never the other way round (deps.ts and config.ts are types and settings).',
      severity: 'error',
      from: { path: DOMAIN },
      to: { path: COMPOSITION_ROOT },
    },
    {
      name: 'no-cycle-between-domains',
      comment:
        'Two domains that import each other are one domain in two folders: move what both need to ' +
        'src/shared/, or let the lower one own it.',
      severity: 'error',
      // Folders, not files: atp's repository importing orders' schemas while orders imports atp's
      // service is a cycle between the two domains even though no file imports itself back.
      scope: 'folder',
      from: { path: '^src/(?!shared$)[^/]+$' },
      to: { circular: true },
    },
    {
      name: 'shared-knows-no-domain',
      comment: 'src/shared/ is what every domain may use, so it can import no domain, no connector and no composition root.',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { path: ['^src/', '^connectors/'], pathNot: ['^src/shared/', '^src/config\\.ts$'] },
    },
    {
      name: 'migrations-frozen-in-time',
      comment:
        'A migration carries the logic it needs as it was when written (copied into the migration or ' +
        'migrations/lib/): today’s application code may change and would break a fresh install halfway.',
      severity: 'error',
      from: { path: '^migrations/' },
      to: { path: ['^src/', '^connectors/'], pathNot: '^src/shared/' },
    },
    {
      name: 'connector-behind-its-interface',
      comment:
        'A connector imports src/shared/, the connector interface (connectors/connector.ts), the helpers ' +
        'every connector shares (connectors/common/) and its own folder; never the app, nor another connector.',
      severity: 'error',
      from: { path: '^connectors/([^/]+)/' },
      to: {
        path: '^(src|connectors|migrations|fixtures|bench|tests)/',
        pathNot: ['^connectors/$1/', '^connectors/connector\\.ts$', '^connectors/common/', '^src/shared/'],
      },
    },
    {
      name: 'connector-interface-knows-no-connector',
      comment: 'The interface (connectors/connector.ts) is what connectors implement: it imports only src/shared/.',
      severity: 'error',
      from: { path: '^connectors/connector\\.ts$' },
      to: { path: '^(src|connectors|migrations|fixtures|bench|tests)/', pathNot: '^src/shared/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)node_modules/' },
    // TypeScript 7 has no JavaScript API for dependency-cruiser to parse with; swc reads the sources.
    parser: 'swc',
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
    cache: false,
  },
};
