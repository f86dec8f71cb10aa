import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FixtureServer, startFixtureServer } from '../../../bench/support/fixture-server/index.js';
import { probeTimeoutSeconds } from '../../../infra/function-sizing.js';
import { type FleetConfigInput, MAX_TARGETS, parseFleetConfig } from '../../../shared/config/fleet-config.js';
import { type LocalDynamo, startDynalite } from '../../support/dynalite.js';

/** The functions' memory (256 MB) and the aggregator's timeout (30 s). */
const FUNCTION_MEMORY_MIB = 256;
const AGGREGATOR_TIMEOUT_MS = 30_000;
const REGIONS = ['ap-southeast-3', 'ap-southeast-1', 'ap-northeast-1', 'ap-south-1', 'us-west-2'];

let dynamo: LocalDynamo;
let fixtures: FixtureServer;
beforeAll(async () => {
  [dynamo, fixtures] = await Promise.all([startDynalite(), startFixtureServer()]);
});
afterAll(async () => {
  await Promise.all([dynamo?.close(), fixtures?.close()]);
});

/** 100 targets: mostly healthy WSDLs, some slow, some answering 2 MiB past a 1 MiB cap, some failing and retried. */
function hundredTargets(): FleetConfigInput['targets'] {
  return Array.from({ length: MAX_TARGETS }, (_, i) => {
    const id = `target-${i}`;
    if (i % 5 === 1)
      return { id, name: id, url: fixtures.url('huge-body', { mb: 2 }), check: 'http' as const };
    if (i % 10 === 2)
      return {
        id,
        name: id,
        url: fixtures.url('nginx-502'),
        check: 'efaktur-wsdl' as const,
        retryDelayMs: 0,
      };
    if (i % 10 === 3)
      return {
        id,
        name: id,
        url: fixtures.url('wsdl-slow', { delayMs: 300 }),
        check: 'efaktur-wsdl' as const,
      };
    return { id, name: id, url: fixtures.url('wsdl-gzip'), check: 'efaktur-wsdl' as const };
  });
}

interface Figures {
  probe: { region: string; ms: number; results: number; skipped: number; up: number }[];
  sweep: { ms: number; evaluated: number }[];
  statesStored: number;
  statuses: string[];
  afterProbesMiB: number;
  peakMiB: number;
}

function runChild(job: object): Promise<Figures> {
  const script = fileURLToPath(new URL('./fleet-scale-child.ts', import.meta.url));
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', script, JSON.stringify(job)],
      { timeout: 240_000, maxBuffer: 4 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout) as Figures);
      },
    );
  });
}

describe('100 targets in 5 regions: the probe of each region and the sweep, within the functions', () => {
  it('checks every target in every region within the probe timeout and sweeps them within the aggregator timeout, under 256 MB', async () => {
    const input: FleetConfigInput = {
      probeRegions: REGIONS,
      controlUrl: fixtures.url('http-ok'),
      targets: hundredTargets(),
    };
    const config = parseFleetConfig(input);
    const probeTimeoutMs = probeTimeoutSeconds(config) * 1000;
    const figures = await runChild({
      endpoint: dynamo.endpoint,
      tableName: dynamo.tableName,
      config: input,
      probeTimeoutMs,
    });
    console.info(`fleet scale figures: ${JSON.stringify({ probeTimeoutMs, ...figures })}`);
    for (const run of figures.probe) {
      expect(run, run.region).toMatchObject({ results: 100, skipped: 0 });
      expect(run.up, run.region).toBeGreaterThanOrEqual(60);
      expect(run.ms, run.region).toBeLessThan(probeTimeoutMs);
    }
    expect(figures.sweep).toHaveLength(2);
    for (const sweep of figures.sweep) {
      expect(sweep.evaluated).toBe(100);
      expect(sweep.ms).toBeLessThan(AGGREGATOR_TIMEOUT_MS);
    }
    expect(figures.statesStored).toBe(100);
    // The whole process, Node and tsx included, stays within what either function has.
    expect(figures.peakMiB).toBeLessThan(FUNCTION_MEMORY_MIB);
  }, 300_000);
});
