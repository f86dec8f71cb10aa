/**
 * `npm run bench [-- --quick] [-- --only=detection,hotpath,aggregator,bundles] [-- --seed=N]`
 *
 * Prints progress while it runs and a table at the end. A full run writes bench/results.json and the figures
 * block of BENCHMARKS.md; a quick or partial run writes bench/results.tmp.json and leaves both alone.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { arch, cpus, platform } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { LAMBDA_BUNDLING } from '../infra/lambda-bundling.js';
import { DEFAULT_WSDL_URL } from '../shared/config/fleet-config.js';
import { measureAggregator } from './aggregator.js';
import { measureBundles } from './bundles.js';
import { ANCHOR_LOCATIONS, anchorPolicies } from './detection/anchors.js';
import { type FleetModelOptions, fleet } from './detection/policies/fleet.js';
import { hindsight } from './detection/policies/hindsight.js';
import { type DetectionRun, poolRuns, runDetection } from './detection/run-detection.js';
import type { NoiseModel } from './detection/trace.js';
import { measureTradeOffs } from './detection/trade-offs.js';
import { measureHotPath } from './hot-path.js';
import { renderResults, rewriteBlock } from './report.js';
import { type BenchResults, type Section, UNITS } from './results.js';
import { evaluateTargets, OUR_POLICY } from './targets.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SECTIONS = ['detection', 'hotpath', 'aggregator', 'bundles'] as const;
type SectionName = (typeof SECTIONS)[number];

/** Bad command-line input: reported in one line, exit code 2. */
class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

interface Options {
  readonly quick: boolean;
  readonly only: ReadonlySet<SectionName>;
  readonly seed: number;
}

function parseArgs(argv: readonly string[]): Options {
  let quick = false;
  let only = new Set<SectionName>(SECTIONS);
  let seed = 20260301;
  for (const arg of argv) {
    if (arg === '--quick') quick = true;
    else if (arg.startsWith('--only=')) {
      const names = arg.slice('--only='.length).split(',').filter(Boolean);
      const unknown = names.filter((n) => !(SECTIONS as readonly string[]).includes(n));
      if (unknown.length > 0 || names.length === 0) {
        throw new UsageError(`--only takes a list of ${SECTIONS.join(', ')} (got "${arg.slice(7)}")`);
      }
      only = new Set(names as SectionName[]);
    } else if (arg.startsWith('--seed=')) {
      seed = Number(arg.slice('--seed='.length));
      if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
        throw new UsageError('--seed takes a whole number from 0 to 4294967295');
      }
    } else throw new UsageError(`unknown argument "${arg}" (use --quick, --only=..., --seed=N)`);
  }
  return { quick, only, seed };
}

/** A configuration of our fleet, or a harsher condition, whose effect a full run shows (3 regions, the main seed). */
interface Variant {
  readonly options: FleetModelOptions;
  /** @default 'attempt' */
  readonly noise?: NoiseModel;
}

const fixedHold = (seconds: number): Variant => ({
  options: {
    label: `fixed hold ${seconds} s (longOutageMinutes null, recoveryHoldSeconds ${seconds})`,
    config: { policy: { recoveryHoldSeconds: seconds, longOutageMinutes: null } },
  },
});

/**
 * The recovery rule against fixed holds (what it buys), a longer hold after short outages (what fewer flapping
 * messages cost), a shorter probe timeout, and the same defaults under noise that outlasts a retry.
 */
const VARIANTS: readonly Variant[] = [
  ...[60, 120, 240, 360].map(fixedHold),
  { options: { label: 'recoveryHoldSeconds 180', config: { policy: { recoveryHoldSeconds: 180 } } } },
  {
    options: {
      label: 'target timeoutMs 5000, retryDelayMs 1000',
      config: {
        targets: [
          {
            id: 'svc-wsdl',
            name: 'e-Faktur SVC',
            url: DEFAULT_WSDL_URL,
            check: 'efaktur-wsdl',
            timeoutMs: 5000,
            retryDelayMs: 1000,
          },
        ],
      },
    },
  },
  { options: { label: 'noise that fails every attempt of a check (1% of checks)' }, noise: 'check' },
];

// Local runs are on Node 20; the SDK's notice about Node 22 would only clutter the progress lines.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const started = performance.now();
function progress(line: string): void {
  const seconds = ((performance.now() - started) / 1000).toFixed(1).padStart(6);
  process.stderr.write(`[${seconds} s] ${line}\n`);
}

/** The commit the figures were measured on, `+` when the tree had changes; `null` outside a git checkout. */
function sourceCommit(): string | null {
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' });
  if (head.status !== 0) return null;
  const dirty = spawnSync('git', ['status', '--porcelain'], { cwd: ROOT, encoding: 'utf8' });
  return `${head.stdout.trim()}${dirty.status === 0 && dirty.stdout.trim() !== '' ? '+' : ''}`;
}

async function section<T>(name: string, run: () => Promise<T>): Promise<Section<T>> {
  try {
    return await run();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    progress(`${name}: not measured (${message.split('\n')[0]})`);
    return { error: message.split('\n')[0] ?? 'failed' };
  }
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const mode = options.quick ? 'quick' : 'full';
  progress(`benchmarks (${mode}), seed ${options.seed}, node ${process.version}`);
  const days = 30;
  const intervalS = 60;

  const detection = options.only.has('detection')
    ? await section('detection', async () => {
        const run = (seed: number) =>
          runDetection({
            seed,
            days,
            regionCounts: [3, 5],
            locations: ANCHOR_LOCATIONS,
            // The anchors probe from their own locations: our fleet's size changes nothing for them.
            policies: (trace) => [
              fleet(),
              fleet({ burst: false }),
              ...(trace.regions.length === 3 ? [...anchorPolicies(trace), hindsight()] : []),
            ],
            progress: (line) => progress(seed === options.seed ? line : `${line}, seed ${seed}`),
          });
        const main = await run(options.seed);
        // A full run also pools more seeds, so that no figure rests on one month's 16 events.
        const extra: number[] = options.quick ? [] : [1, 2, 3, 4].map((i) => (options.seed + i) >>> 0);
        const bySeed = [{ seed: options.seed, days, runs: main.runs }];
        for (const seed of extra) bySeed.push({ seed, days, runs: (await run(seed)).runs });
        // Other valid configurations of the same shipped policy: what a setting trades, not a re-tuned trace.
        const variants: DetectionRun[] = [];
        for (const noise of options.quick ? [] : (['attempt', 'check'] as const)) {
          const chosen = VARIANTS.filter((v) => (v.noise ?? 'attempt') === noise);
          const result = await runDetection({
            seed: options.seed,
            days,
            regionCounts: [3],
            locations: ANCHOR_LOCATIONS,
            noise,
            policies: () => chosen.map((v) => fleet(v.options)),
            progress,
          });
          variants.push(...result.runs);
        }
        const pooled = extra.length > 0 ? poolRuns(bySeed) : undefined;
        // What the flapping targets cost, on the same traces: the floor by notification budget, a sweep of holds
        // (the defaults are the pooled run of our policy above, not run again).
        const tradeOffs = options.quick
          ? undefined
          : await measureTradeOffs({
              seeds: bySeed.map((s) => s.seed),
              days,
              locations: ANCHOR_LOCATIONS,
              defaultRun: pooled?.find((r) => r.policy === OUR_POLICY && r.regions === 3),
              progress,
            });
        return {
          days,
          intervalS,
          ...main,
          ...(pooled !== undefined && { pooled: { seeds: bySeed.map((s) => s.seed), runs: pooled } }),
          ...(variants.length > 0 && { variants }),
          ...(tradeOffs !== undefined && { tradeOffs }),
        };
      })
    : undefined;

  const hotPath = options.only.has('hotpath')
    ? await section('hot path', () => measureHotPath({ quick: options.quick, progress }))
    : undefined;

  const aggregator = options.only.has('aggregator')
    ? await section('aggregator', () => measureAggregator({ quick: options.quick, progress }))
    : undefined;

  const bundles = options.only.has('bundles')
    ? await section('bundles', async () => ({
        bundling:
          `esbuild ${LAMBDA_BUNDLING.format}, ${LAMBDA_BUNDLING.target}, minified, external source map, ` +
          'AWS SDK left to the Lambda runtime, every other dependency bundled, createRequire banner: ' +
          'the options of the CDK app (infra/lambda-bundling.ts).',
        functions: await measureBundles({ root: ROOT, runs: options.quick ? 3 : 11, progress }),
      }))
    : undefined;

  const partial = { detection, hotPath, aggregator, bundles };
  const results: BenchResults = {
    schema: 1,
    mode,
    seed: options.seed,
    date: new Date().toISOString(),
    node: process.version,
    commit: sourceCommit(),
    machine: {
      platform: `${platform()} ${arch()}`,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model.trim() ?? '?',
    },
    wallTimeS: Math.round((performance.now() - started) / 100) / 10,
    units: UNITS,
    ...partial,
    targets: evaluateTargets(partial),
  };

  const complete = !options.quick && options.only.size === SECTIONS.length;
  const out = join(ROOT, 'bench', complete ? 'results.json' : 'results.tmp.json');
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  const rendered = renderResults(results);
  if (complete && !rewriteBlock(join(ROOT, 'BENCHMARKS.md'), rendered)) {
    progress('BENCHMARKS.md has no figures block: left unchanged');
  }
  progress(`wrote ${out.slice(ROOT.length)}`);
  process.stdout.write(`\n${rendered}\n`);
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    process.stderr.write(`bench: ${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
