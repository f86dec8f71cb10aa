import { execFile } from 'node:child_process';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Behaviour,
  bodies,
  type FixtureServer,
  send,
  startFixtureServer,
} from '../../../bench/support/fixture-server/index.js';
import { MAX_BODY_BYTES_LIMIT } from '../../../shared/config/fleet-config.js';
import { ADVERSARIAL_BODIES, type AdversarialBody, chunksOf, MAX_BODY_BYTES } from './adversarial-bodies.js';

const MiB = 1024 * 1024;
/** The probe Lambda has 256 MB; one check at the largest cap must stay well within it. */
const MAX_PEAK_GROWTH_MIB = 128;
const TIMEOUT_MS = 10_000;

const slug = (body: AdversarialBody) => body.name.replace(/[^a-z0-9]+/gi, '-');

/** Streams the body as it is generated: the test process never holds 16 MiB of it. */
const streamed =
  (body: AdversarialBody): Behaviour =>
  (_req, res) => {
    res.writeHead(200, {
      'content-type': 'text/xml; charset=utf-8',
      ...(body.gzip && { 'content-encoding': 'gzip' }),
    });
    const source = Readable.from(chunksOf(body));
    (body.gzip ? source.pipe(createGzip()) : source).pipe(res);
  };

let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer({
    behaviours: {
      'warm-up': send(200, 'text/xml', bodies.WSDL),
      ...Object.fromEntries(ADVERSARIAL_BODIES.map((body) => [slug(body), streamed(body)])),
    },
  });
});
afterAll(async () => {
  await server?.close();
});

interface ChildLine {
  readonly reason: string;
  readonly detail: string;
  readonly bytes: number;
  readonly totalMs: number;
  readonly peakGrowthMiB: number;
}

/** Checks one body in a fresh Node process, whose peak RSS is then the probe's own. */
function checkInChild(body: AdversarialBody): Promise<ChildLine> {
  const job = { url: server.url(slug(body)), check: body.check, warmUpUrl: server.url('warm-up') };
  const script = fileURLToPath(new URL('./max-body-child.ts', import.meta.url));
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', script, JSON.stringify(job)],
      { timeout: 60_000, maxBuffer: 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout) as ChildLine);
      },
    );
  });
}

describe('a body of 16 MiB of adversarial XML, four times the largest cap the configuration allows', () => {
  it('tests at least the largest cap', () => {
    expect(MAX_BODY_BYTES).toBeGreaterThanOrEqual(MAX_BODY_BYTES_LIMIT);
  });

  it.each(ADVERSARIAL_BODIES.map((body) => [body.name, body] as const))(
    '%s: classified within the deadline, parsing included, memory bounded',
    async (_name, body) => {
      const line = await checkInChild(body);
      expect(line.bytes).toBeGreaterThan(MAX_BODY_BYTES - 64);
      expect(line.bytes).toBeLessThanOrEqual(MAX_BODY_BYTES);
      expect(line).toMatchObject({ reason: body.reason });
      expect(line.totalMs).toBeLessThan(TIMEOUT_MS);
      expect(line.peakGrowthMiB).toBeLessThan(MAX_PEAK_GROWTH_MIB);
      // A probe that read nothing would pass the bound trivially: reading the body did take memory.
      expect(line.peakGrowthMiB).toBeGreaterThan(MAX_BODY_BYTES / MiB);
    },
    60_000,
  );
});
