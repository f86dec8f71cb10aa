/**
 * The layering the build enforces (`npm run check:layers`, and test/unit/architecture/layers.test.ts).
 * Paths are relative to the repository root. Each rule says why it exists; a violation fails CI like lint.
 */

// Pure domain code: decisions, message formatting and the probe's classifiers run anywhere (Lambda, local mode,
// replay, tests) and are tested without a network, so they reach no cloud SDK and no socket or file.
const DOMAIN =
  '^shared/(consensus|alerts|groups|maintenance|calendar|presets)/|' +
  '^shared/probe/(classify-[^/]+|maintenance-text|xml-scan|body-text|verdict)\\.tsx?$';

// Node modules that do network or file I/O. `node:net` is listed for the domain only: elsewhere in shared/ its
// pure address helpers (isIP) are fine. `node:util`, `node:crypto` and the like stay allowed everywhere.
const NODE_IO = '^(node:)?(net|http|https|http2|tls|dns|dgram|fs|fs/promises|child_process)$';
const NODE_IO_BUT_NET = '^(node:)?(http|https|http2|tls|dns|dgram|fs|fs/promises|child_process)$';

// The AWS SDK and the Powertools helpers that wrap its clients.
const AWS = '(^|/)node_modules/(@aws-sdk|@aws-lambda-powertools/parameters)/';

// Where SDK clients may be used: the adapters, the handlers and the programs that assemble them.
const MAY_USE_AWS = '^(shared/adapters|functions|local|infra|cli|bench|cost|test)/';

// Where node I/O may be used in shared/: adapters, the probe's HTTP client, and the configuration reader (the
// one file a function reads, at cold start).
const SHARED_MAY_DO_IO = '^shared/(adapters/|probe/http/|probe/http-check\\.ts$|config/)';

module.exports = {
  forbidden: [
    {
      name: 'domain-no-aws-sdk',
      comment: 'Domain code decides and formats; talking to AWS is an adapter’s job (shared/adapters/aws).',
      severity: 'error',
      from: { path: DOMAIN },
      to: { path: AWS },
    },
    {
      name: 'domain-no-node-io',
      comment: 'Domain code is pure: no sockets, DNS, files or processes, so it runs and tests anywhere.',
      severity: 'error',
      from: { path: DOMAIN },
      to: { dependencyTypes: ['core'], path: NODE_IO },
    },
    {
      name: 'domain-not-to-adapters',
      comment:
        'The domain defines ports; adapters implement them and depend on the domain, never the reverse.',
      severity: 'error',
      from: { path: DOMAIN },
      to: { path: '^shared/adapters/' },
    },
    {
      name: 'alerts-not-to-consensus',
      comment:
        'Message formatting sits below consensus (which publishes through it): a shared piece moves down.',
      severity: 'error',
      from: { path: '^shared/alerts/' },
      to: { path: '^shared/consensus/' },
    },
    {
      name: 'aws-sdk-only-in-adapters',
      comment: 'One place per AWS service: shared code other than shared/adapters stays free of SDK clients.',
      severity: 'error',
      from: { pathNot: MAY_USE_AWS },
      to: { path: AWS },
    },
    {
      name: 'shared-node-io-only-in-adapters',
      comment:
        'Network and file I/O in shared/ lives in clearly named adapter folders, not beside pure code.',
      severity: 'error',
      from: { path: '^shared/', pathNot: SHARED_MAY_DO_IO },
      to: { dependencyTypes: ['core'], path: NODE_IO_BUT_NET },
    },
    {
      name: 'shared-not-upward',
      comment: 'shared/ is the library every entry point builds on; it cannot know who runs it.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: '^(functions|local|infra|bench|cli|cost|test)/' },
    },
    {
      name: 'functions-not-upward',
      comment: 'The deployed handlers must not bundle local mode, the CDK app, the bench or the CLIs.',
      severity: 'error',
      from: { path: '^functions/' },
      to: { path: '^(local|infra|bench|cli|cost)/' },
    },
    {
      name: 'not-to-test',
      comment: 'Test helpers are not product code: nothing outside test/ may depend on them.',
      severity: 'error',
      from: { pathNot: '^test/' },
      to: { path: '^test/' },
    },
    {
      name: 'no-circular',
      comment:
        'A cycle makes module load order matter and hides which layer owns what. Type-only imports are erased ' +
        'when compiled, so a cycle closed only by one of them is not counted.',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // The fixture tree breaks every rule on purpose (test/unit/architecture/layers.test.ts cruises it on its own).
    exclude: { path: '(^|/)(cdk\\.out|coverage)/|^test/unit/architecture/fixture-tree/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.d.ts'],
    },
    moduleSystems: ['es6', 'cjs'],
    skipAnalysisNotInRules: true,
  },
};
