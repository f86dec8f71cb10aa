/**
 * How every Lambda of the fleet is bundled, in esbuild's terms; the CDK app and the bundle benchmark share it.
 * The AWS SDK v3 is left to the Lambda Node.js runtime, which ships it: the bundles stay small (the probe's
 * budget is 150 kB) and cold starts short. The code uses long-standing SDK calls only (PutItem, Query,
 * UpdateItem, Publish, Subscribe, Invoke), so the runtime's SDK version is not a constraint.
 */
export const LAMBDA_BUNDLING = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  mainFields: ['module', 'main'],
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  external: ['@aws-sdk/*'],
  banner: {
    // Lets bundled CommonJS dependencies `require` Node built-ins from inside an ES module.
    js: "import { createRequire as __fleetCreateRequire } from 'node:module'; const require = __fleetCreateRequire(import.meta.url);",
  },
} as const;
