import { performance } from 'node:perf_hooks';
import { parseFleetConfig } from '../shared/config/fleet-config.js';
import { classifyExchange } from '../shared/probe/classify-exchange.js';
import type { HttpExchange } from '../shared/probe/http-check.js';
import { probeTarget } from '../shared/probe/probe-target.js';
import { percentile, round } from './stats.js';
import { bodies, startFixtureServer } from './support/fixture-server/index.js';

export const MIB = 1024 * 1024;

export interface ClassifyFigures {
  readonly body: string;
  readonly bytes: number;
  readonly iterations: number;
  readonly medianUs: number;
  readonly p95Us: number;
  /** What the classifier concluded: the benchmark checks it is the expected verdict. */
  readonly verdict: string;
}

export interface ProbeRateFigures {
  readonly probes: number;
  readonly concurrency: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly latencyMs: { readonly p50: number; readonly p95: number };
  readonly statuses: Readonly<Record<string, number>>;
}

export interface HotPathFigures {
  readonly classify: readonly ClassifyFigures[];
  readonly probes: ProbeRateFigures;
}

/**
 * A well-formed Master Faktur WSDL grown to exactly `bytes` by extra schema types: the worst case the up path
 * meets under the default 1 MiB body cap (every byte parsed and walked).
 */
export function largeWsdl(bytes: number): string {
  const base = bodies.WSDL;
  const anchor = '    </xs:schema>';
  const at = base.indexOf(anchor);
  if (at < 0) throw new Error('the fixture WSDL has no </xs:schema> to grow');
  const head = base.slice(0, at);
  const tail = base.slice(at);
  const parts: string[] = [];
  let size = Buffer.byteLength(head) + Buffer.byteLength(tail);
  for (let i = 0; ; i++) {
    const type =
      `      <xs:complexType name="fakturPad${i}"><xs:sequence>` +
      `<xs:element minOccurs="0" name="nomorFaktur${i}" type="xs:string"/>` +
      `<xs:element minOccurs="0" name="npwpPenjual${i}" type="xs:string"/>` +
      '</xs:sequence></xs:complexType>\n';
    const length = Buffer.byteLength(type);
    if (size + length > bytes) break;
    parts.push(type);
    size += length;
  }
  parts.push(' '.repeat(bytes - size));
  return head + parts.join('') + tail;
}

/** A 1 MiB HTML error page (a proxy's or portal's), classified on the down path. */
export function largeHtml(bytes: number): string {
  const head =
    '<!DOCTYPE html><html><head><title>Gateway error</title></head><body><h1>Service unavailable</h1>\n';
  const tail = '</body></html>\n';
  const line = '<p>The upstream server did not answer in time. Please try again later.</p>\n';
  // ASCII only: string length is byte length.
  const lines = Math.floor((bytes - head.length - tail.length) / line.length);
  const body = head + line.repeat(lines);
  return body + ' '.repeat(bytes - body.length - tail.length) + tail;
}

function exchangeOf(body: string, contentType: string): HttpExchange {
  return {
    startedAt: '2026-03-15T03:00:00.000Z',
    url: 'https://svc.efaktur.pajak.go.id/svc/MasterFakturService?wsdl',
    redirects: [],
    timings: { dnsMs: 2, connectMs: 20, tlsMs: 40, ttfbMs: 120, totalMs: 150 },
    remoteAddress: '127.0.0.1',
    tls: null,
    bytes: Buffer.byteLength(body),
    answer: {
      url: 'https://svc.efaktur.pajak.go.id/svc/MasterFakturService?wsdl',
      status: 200,
      statusText: 'OK',
      headers: { 'content-type': contentType },
      body: Buffer.from(body),
    },
    failure: null,
  };
}

/** Times `classifyExchange` on one body; throws when the verdict is not the expected one (a wrong figure). */
export function timeClassification(
  name: string,
  body: string,
  contentType: string,
  expected: 'up' | 'down',
  iterations: number,
): ClassifyFigures {
  const exchange = exchangeOf(body, contentType);
  const options = { check: 'efaktur-wsdl' as const, degradedAfterMs: 3000 };
  const first = classifyExchange(exchange, options);
  if (first.status !== expected) {
    throw new Error(`${name}: expected ${expected}, the classifier said ${first.status} (${first.detail})`);
  }
  for (let i = 0; i < Math.min(50, Math.ceil(iterations / 4)); i++) classifyExchange(exchange, options);
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const started = performance.now();
    classifyExchange(exchange, options);
    samples.push(performance.now() - started);
  }
  return {
    body: name,
    bytes: Buffer.byteLength(body),
    iterations,
    medianUs: round((percentile(samples, 50) ?? 0) * 1000),
    p95Us: round((percentile(samples, 95) ?? 0) * 1000),
    verdict: `${first.status} (${first.reason})`,
  };
}

/** Full probes (request, body cap, classification) against a fixture server on 127.0.0.1. */
export async function measureProbeRate(options: {
  readonly probes: number;
  readonly concurrency: number;
  readonly maxSeconds: number;
}): Promise<ProbeRateFigures> {
  const server = await startFixtureServer();
  try {
    const target = parseFleetConfig({}).targets[0];
    if (!target) throw new Error('the default configuration has no target');
    const spec = { ...target, url: server.url('wsdl-prefixed') };
    const latencies: number[] = [];
    const statuses: Record<string, number> = {};
    const started = performance.now();
    const deadline = started + options.maxSeconds * 1000;
    let issued = 0;
    const worker = async () => {
      while (issued < options.probes && performance.now() < deadline) {
        issued++;
        const t = performance.now();
        const { reported } = await probeTarget(spec);
        latencies.push(performance.now() - t);
        statuses[reported.status] = (statuses[reported.status] ?? 0) + 1;
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, worker));
    const seconds = (performance.now() - started) / 1000;
    return {
      probes: latencies.length,
      concurrency: options.concurrency,
      seconds: round(seconds, 2),
      perSecond: round(latencies.length / seconds),
      latencyMs: {
        p50: round(percentile(latencies, 50) ?? 0, 2),
        p95: round(percentile(latencies, 95) ?? 0, 2),
      },
      statuses,
    };
  } finally {
    await server.close();
  }
}

export async function measureHotPath(options: {
  readonly quick: boolean;
  readonly progress: (line: string) => void;
}): Promise<HotPathFigures> {
  const xml = 'text/xml;charset=utf-8';
  options.progress('hot path: classify the SVC WSDL');
  const wsdl = timeClassification(
    'SVC WSDL (fixture)',
    bodies.WSDL,
    xml,
    'up',
    options.quick ? 2000 : 20_000,
  );
  options.progress('hot path: classify 1 MiB bodies');
  const iterations = options.quick ? 20 : 100;
  const bigWsdl = timeClassification('1 MiB WSDL', largeWsdl(MIB), xml, 'up', iterations);
  const bigHtml = timeClassification(
    '1 MiB HTML error page',
    largeHtml(MIB),
    'text/html',
    'down',
    iterations,
  );
  const probes = options.quick ? 200 : 500;
  options.progress(`hot path: ${probes} probes against 127.0.0.1, concurrency 10`);
  const rate = await measureProbeRate({ probes, concurrency: 10, maxSeconds: 10 });
  return { classify: [wsdl, bigWsdl, bigHtml], probes: rate };
}
