import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseResult, type IViolation } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const FIXTURE = fileURLToPath(new URL('./fixture-tree/', import.meta.url));
/** The folders `npm run check:layers` cruises. */
const SOURCE_FOLDERS = ['shared', 'functions', 'local', 'infra', 'cli', 'bench', 'cost', 'test'];
// Cruising the whole tree parses every module: far slower than a unit test, still bounded.
const CRUISE_TIMEOUT_MS = 180_000;

async function cruiseFrom(baseDir: string, folders: readonly string[]): Promise<readonly IViolation[]> {
  const options = await extractDepcruiseOptions(`${ROOT}.dependency-cruiser.cjs`);
  const tsConfig = extractTSConfig(`${ROOT}tsconfig.json`);
  const { output } = await cruise([...folders], { ...options, baseDir }, {}, { tsConfig });
  return (output as ICruiseResult).summary.violations;
}

const describeViolation = (v: IViolation) => `${v.rule.name}: ${v.from} → ${v.to}`;

describe('layering', () => {
  it(
    'holds in the tree',
    async () => {
      const violations = await cruiseFrom(ROOT, SOURCE_FOLDERS);
      expect(violations.map(describeViolation)).toEqual([]);
    },
    CRUISE_TIMEOUT_MS,
  );

  describe('rules bite on a tree that breaks each of them', () => {
    let found: Promise<readonly IViolation[]> | undefined;
    const violations = () => {
      found ??= cruiseFrom(FIXTURE, ['shared', 'functions', 'local', 'infra', 'test']);
      return found;
    };

    it.each([
      ['domain-no-aws-sdk', 'shared/consensus/uses-aws-sdk.ts', '@aws-sdk/client-sns'],
      ['domain-no-node-io', 'shared/probe/classify-socket.ts', 'net'],
      ['domain-not-to-adapters', 'shared/consensus/reads-adapter.ts', 'shared/adapters/aws/allowed.ts'],
      ['alerts-not-to-consensus', 'shared/alerts/reads-consensus.ts', 'shared/consensus/pure.ts'],
      ['aws-sdk-only-in-adapters', 'shared/api/uses-aws-sdk.ts', '@aws-sdk/client-sqs'],
      ['shared-node-io-only-in-adapters', 'shared/store/reads-files.ts', 'fs'],
      ['shared-not-upward', 'shared/reads-local.ts', 'local/helper.ts'],
      ['functions-not-upward', 'functions/reads-infra.ts', 'infra/app.ts'],
      ['not-to-test', 'local/helper.ts', 'test/support.ts'],
      ['no-circular', 'shared/cycle-a.ts', 'shared/cycle-b.ts'],
    ])(
      '%s reports %s',
      async (rule, from, to) => {
        const hits = (await violations()).filter((v) => v.rule.name === rule && v.from === from);
        expect(hits.map((v) => v.to).join(' ')).toContain(to);
      },
      CRUISE_TIMEOUT_MS,
    );

    it(
      'leaves the allowed imports alone (an adapter and a handler using the SDK, I/O and the domain)',
      async () => {
        const allowed = (await violations()).filter((v) => /allowed\.ts$/.test(v.from));
        expect(allowed.map(describeViolation)).toEqual([]);
        // The allowed files were cruised: the adapter is the target of a reported violation above.
        expect((await violations()).some((v) => v.to === 'shared/adapters/aws/allowed.ts')).toBe(true);
      },
      CRUISE_TIMEOUT_MS,
    );
  });
});
