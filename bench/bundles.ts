import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import { LAMBDA_BUNDLING } from '../infra/lambda-bundling.js';
import { parseFleetConfig } from '../shared/config/fleet-config.js';
import { configForFunctions, FUNCTION_ENV } from '../shared/config/function-env.js';
import { median, round } from './stats.js';

export interface BundleFigures {
  readonly name: string;
  readonly entry: string;
  /** `null` when the bundle could not be built or imported. */
  readonly error: string | null;
  readonly bytes: number;
  /** Minified size in kB (1 kB = 1000 bytes). */
  readonly kB: number;
  readonly gzipKB: number;
  readonly sourceMapKB: number;
  /** For comparison only: the size with the AWS SDK bundled too instead of taken from the Lambda runtime. */
  readonly sdkBundledKB: number | null;
  /** The biggest contributors to the bundle, by package or folder. */
  readonly largestInputs: ReadonlyArray<{ readonly input: string; readonly kB: number }>;
  /** Median milliseconds to `import()` the bundle in a fresh `node --enable-source-maps` (as deployed). */
  readonly coldImportMs: number | null;
  /** The same without `--enable-source-maps`. */
  readonly coldImportNoSourceMapsMs: number | null;
  readonly importRuns: number;
}

/** The handlers to bundle: every `functions/<name>/handler.ts`. */
export function findHandlers(root: string): Array<{ name: string; entry: string }> {
  const dir = join(root, 'functions');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => statSync(join(dir, name)).isDirectory() && existsSync(join(dir, name, 'handler.ts')))
    .sort()
    .map((name) => ({ name, entry: `functions/${name}/handler.ts` }));
}

/** Plausible values for every variable a handler reads at module load, so that importing it succeeds. */
export function handlerEnvironment(): Record<string, string> {
  const config = parseFleetConfig({});
  const account = '123456789012';
  const known: Record<string, string> = {
    [FUNCTION_ENV.tableName]: 'efaktur-probe-fleet',
    [FUNCTION_ENV.tableRegion]: config.homeRegion,
    [FUNCTION_ENV.fleetConfig]: configForFunctions(config),
    [FUNCTION_ENV.probeRegion]: config.probeRegions[0] ?? 'ap-southeast-3',
    [FUNCTION_ENV.runQueueUrl]: `https://sqs.${config.probeRegions[0] ?? 'ap-southeast-3'}.amazonaws.com/${account}/efaktur-probe-runs`,
    [FUNCTION_ENV.alertsTopicArn]: `arn:aws:sns:${config.homeRegion}:${account}:efaktur-alerts`,
    [FUNCTION_ENV.probeFunctions]: JSON.stringify(
      Object.fromEntries(
        config.probeRegions.map((r) => [r, `arn:aws:lambda:${r}:${account}:function:efaktur-probe-${r}`]),
      ),
    ),
    [FUNCTION_ENV.dashboardUrl]: 'https://console.aws.amazon.com/cloudwatch/home#dashboards:name=efaktur',
  };
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    AWS_REGION: config.homeRegion,
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_LAMBDA_FUNCTION_NAME: 'bench',
  };
  for (const name of Object.values(FUNCTION_ENV)) env[name] = known[name] ?? `bench-${name.toLowerCase()}`;
  return env;
}

function groupInput(path: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (match) return match[1] as string;
  return path.split('/').slice(0, 2).join('/');
}

function largestInputs(metafile: Metafile, outfile: string): Array<{ input: string; kB: number }> {
  const output = Object.entries(metafile.outputs).find(([path]) => path.endsWith(outfile))?.[1];
  const totals = new Map<string, number>();
  for (const [path, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
    const group = groupInput(path);
    totals.set(group, (totals.get(group) ?? 0) + bytesInOutput);
  }
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6)
    .map(([input, bytes]) => ({ input, kB: round(bytes / 1000) }));
}

const IMPORT_SCRIPT =
  'const t = performance.now(); await import(process.argv[1]); ' +
  'process.stdout.write(JSON.stringify({ ms: performance.now() - t }));';

/** Milliseconds to import a module in a fresh Node process, or throws with the child's error. */
function importOnce(file: string, sourceMaps: boolean, env: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const args = [
      ...(sourceMaps ? ['--enable-source-maps'] : []),
      '--input-type=module',
      '-e',
      IMPORT_SCRIPT,
    ];
    const child = spawn(process.execPath, [...args, pathToFileURL(file).href], { env, stdio: 'pipe' });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      try {
        if (code !== 0) throw new Error(err.trim().split('\n').slice(0, 3).join(' ') || `exit ${code}`);
        resolve((JSON.parse(out) as { ms: number }).ms);
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  });
}

export interface BundleOptions {
  readonly root: string;
  /** Fresh processes per bundle and mode. */
  readonly runs: number;
  readonly progress: (line: string) => void;
}

/** Bundles every handler as the CDK app does (`LAMBDA_BUNDLING`), then measures sizes and cold import times. */
export async function measureBundles(options: BundleOptions): Promise<BundleFigures[]> {
  const handlers = findHandlers(options.root);
  const outdir = mkdtempSync(join(tmpdir(), 'efaktur-bench-bundles-'));
  // Stands in for the Lambda runtime, which provides the AWS SDK the bundles leave external.
  symlinkSync(join(options.root, 'node_modules'), join(outdir, 'node_modules'), 'dir');
  const env = handlerEnvironment();
  const figures: BundleFigures[] = [];
  try {
    for (const { name, entry } of handlers) {
      options.progress(`bundles: ${name}`);
      const outfile = join(outdir, name, 'index.mjs');
      const base = { name, entry, importRuns: options.runs };
      try {
        const result = await build({
          ...LAMBDA_BUNDLING,
          external: [...LAMBDA_BUNDLING.external],
          mainFields: [...LAMBDA_BUNDLING.mainFields],
          entryPoints: [join(options.root, entry)],
          outfile,
          metafile: true,
          logLevel: 'silent',
        });
        const code = readFileSync(outfile);
        const sdkBundled = await build({
          ...LAMBDA_BUNDLING,
          external: [],
          mainFields: [...LAMBDA_BUNDLING.mainFields],
          entryPoints: [join(options.root, entry)],
          outfile: join(outdir, name, 'sdk-bundled.mjs'),
          sourcemap: false,
          write: false,
          logLevel: 'silent',
        });
        const sdkBundledBytes = sdkBundled.outputFiles.reduce((sum, f) => sum + f.contents.length, 0);
        const mapBytes = existsSync(`${outfile}.map`) ? statSync(`${outfile}.map`).size : 0;
        const withMaps: number[] = [];
        const withoutMaps: number[] = [];
        let importError: string | null = null;
        try {
          for (let i = 0; i < options.runs; i++) {
            withMaps.push(await importOnce(outfile, true, env));
            withoutMaps.push(await importOnce(outfile, false, env));
          }
        } catch (error) {
          // The error's name only: its message carries this machine's paths and source excerpts. The notifier
          // reads its secrets from SSM at import, which a bench without AWS cannot answer.
          importError = `import failed: ${(error as Error).name ?? 'Error'}`;
        }
        const m = (values: number[]) => {
          const v = median(values);
          return v === null || importError !== null ? null : round(v);
        };
        figures.push({
          ...base,
          error: importError,
          bytes: code.length,
          kB: round(code.length / 1000),
          gzipKB: round(gzipSync(code, { level: 9 }).length / 1000),
          sourceMapKB: round(mapBytes / 1000),
          sdkBundledKB: round(sdkBundledBytes / 1000),
          largestInputs: largestInputs(result.metafile, join(name, 'index.mjs')),
          coldImportMs: m(withMaps),
          coldImportNoSourceMapsMs: m(withoutMaps),
        });
      } catch (error) {
        figures.push({
          ...base,
          error: `bundle failed: ${(error as Error).message.split('\n')[0]}`,
          bytes: 0,
          kB: 0,
          gzipKB: 0,
          sourceMapKB: 0,
          sdkBundledKB: null,
          largestInputs: [],
          coldImportMs: null,
          coldImportNoSourceMapsMs: null,
        });
      }
    }
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
  return figures;
}
