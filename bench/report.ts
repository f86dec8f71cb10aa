import { readFileSync, writeFileSync } from 'node:fs';
import type { PolicyScore } from './detection/metrics.js';
import type { PooledRun } from './detection/run-detection.js';
import type { TradeOffs } from './detection/trade-offs.js';
import { type BenchResults, failed } from './results.js';
import { round } from './stats.js';
import { isAnchor } from './targets.js';

type Cell = string | number | null | undefined;

function text(cell: Cell): string {
  if (cell === null || cell === undefined) return '–';
  return String(cell);
}

/** A Markdown table (also readable as plain text in a terminal). */
export function table(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const cells = [header.map(text), ...rows.map((r) => r.map(text))];
  const widths = header.map((_, c) => Math.max(...cells.map((r) => (r[c] ?? '').length)));
  const line = (r: readonly string[]) => `| ${r.map((v, c) => v.padEnd(widths[c] ?? 0)).join(' | ')} |`;
  return [
    line(cells[0] ?? []),
    `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`,
    ...cells.slice(1).map(line),
  ].join('\n');
}

/** The headers of the score columns, shared by every detection table. */
const SCORE_HEADERS = [
  'detect p50 s',
  'p95 s',
  'max s',
  'all-clear p50 s',
  'p95 s',
  'max s',
  'false alerts',
  'missed',
  'premature',
  'spurious',
  'notif./flap h',
  'wrong min outside',
  'inside',
];

/** The score columns shared by the detection table and the configuration table. */
function scoreCells(score: PolicyScore): Cell[] {
  return [
    score.detectS.p50,
    score.detectS.p95,
    score.detectS.max,
    score.recoveryS.p50,
    score.recoveryS.p95,
    score.recoveryS.max,
    score.falseAlerts,
    `${score.missed}/${score.events}`,
    score.prematureRecoveries,
    score.spurious,
    score.notificationsPerFlappingHour,
    score.wrongMinutes.outside,
    score.wrongMinutes.inside,
  ];
}

function detectionSection(results: BenchResults): string[] {
  const d = results.detection;
  if (d === undefined) return [];
  if (failed(d)) return ['### Detection', '', `Not measured: ${d.error}`];
  const rows = d.runs.map((r) => [r.name, r.regions, r.observers, ...scoreCells(r.score)]);
  const t = d.traces[0];
  return [
    '### Detection (virtual time)',
    '',
    `${d.days} simulated days per trace, ${d.intervalS} s probe interval, seed ${results.seed}` +
      (t
        ? `: ${t.globalOutages} global outages (${Math.round(t.outageMinutes.min * 10) / 10}–` +
          `${Math.round(t.outageMinutes.max * 10) / 10} min), ${t.maintenanceWindows} maintenance windows, ` +
          `${t.flappingEpisodes} flapping hours, ${t.regionalOutages} path outages of our ${t.regions.length} ` +
          `regions (${Math.round(t.regionalOutageHours)} h; ${t.locations} locations in all, each with its own), ` +
          `${t.noiseRate * 100}% noise per ${t.noise}.`
        : '.'),
    '',
    table(['policy', 'regions', 'observers', ...SCORE_HEADERS], rows),
    ...(d.pooled
      ? [
          '',
          `Pooled over seeds ${d.pooled.seeds.join(', ')} (${d.pooled.runs[0]?.days ?? 0} simulated days per fleet size):`,
          '',
          table(
            ['policy', 'regions', 'events', ...SCORE_HEADERS],
            d.pooled.runs.map((r) => [
              r.name,
              r.regions,
              r.events,
              r.detectS.p50,
              r.detectS.p95,
              r.detectS.max,
              r.recoveryS.p50,
              r.recoveryS.p95,
              r.recoveryS.max,
              r.falseAlerts,
              r.missed,
              r.prematureRecoveries,
              r.spurious,
              r.notificationsPerFlappingHour,
              r.wrongMinutes.outside,
              r.wrongMinutes.inside,
            ]),
          ),
        ]
      : []),
    ...(d.variants
      ? [
          '',
          'Our policy under other valid configurations and conditions (3 regions, the main seed):',
          '',
          table(
            ['configuration', ...SCORE_HEADERS],
            d.variants.map((r) => [r.name, ...scoreCells(r.score)]),
          ),
        ]
      : []),
    ...(d.tradeOffs ? tradeOffLines(d.tradeOffs, bestAnchorInside(d.pooled?.runs)) : []),
  ];
}

/** The floor by notification budget, and our policy over a sweep of recovery holds (full runs). */
function tradeOffLines(t: TradeOffs, bestAnchorInside: number | null): string[] {
  const seeds = `pooled over seeds ${t.seeds.join(', ')} (${t.days} simulated days)`;
  return [
    '',
    `What a notification budget allows inside flapping, at best (hindsight, not a monitor; 3 regions, ${seeds}). ` +
      'Each flapping hour gets at most the budget, placed where it is least wrong, knowing the future' +
      (bestAnchorInside === null
        ? ':'
        : `; the best anchor is told wrong for ${bestAnchorInside} min (pooled):`),
    '',
    table(
      ['notifications per flapping hour, at most', 'used', 'wrong min inside, pooled', 'main seed'],
      t.floor.map((row) => [row.budget, row.used, row.wrongInside, row.wrongInsideMain]),
    ),
    '',
    'Our policy with one hold changed at a time (3 regions, ' +
      `${seeds}): \`recoveryHoldSeconds\` holds the all-clear after a short outage (outages of 10 minutes or more ` +
      'still end once every region is back twice), `flapDamping.recoveryHoldSeconds` while flapping:',
    '',
    table(
      [
        'setting',
        'seconds',
        'all-clear p50 s',
        'p95 s',
        'max s',
        'premature',
        'spurious',
        'notif./flap h',
        'wrong min outside',
        'inside',
      ],
      t.holds.map(({ setting, seconds, isDefault, run }) => [
        setting,
        `${seconds}${isDefault ? ' (default)' : ''}`,
        run.recoveryS.p50,
        run.recoveryS.p95,
        run.recoveryS.max,
        run.prematureRecoveries,
        run.spurious,
        run.notificationsPerFlappingHour,
        run.wrongMinutes.outside,
        run.wrongMinutes.inside,
      ]),
    ),
  ];
}

/** The anchors' lowest minutes told wrong inside flapping, pooled (3 regions). */
function bestAnchorInside(pooled: readonly PooledRun[] | undefined): number | null {
  const anchors = (pooled ?? []).filter((r) => r.regions === 3 && isAnchor(r));
  return anchors.length === 0 ? null : Math.min(...anchors.map((r) => r.wrongMinutes.inside));
}

function hotPathSection(results: BenchResults): string[] {
  const h = results.hotPath;
  if (h === undefined) return [];
  if (failed(h)) return ['### Probe hot path', '', `Not measured: ${h.error}`];
  const p = h.probes;
  return [
    '### Probe hot path',
    '',
    table(
      ['measure', 'median', 'p95', 'note'],
      [
        ...h.classify.map((c) => [
          `classify ${c.body} (${(c.bytes / 1000).toFixed(1)} kB)`,
          c.medianUs >= 1000 ? `${round(c.medianUs / 1000, 2)} ms` : `${c.medianUs} µs`,
          c.p95Us >= 1000 ? `${round(c.p95Us / 1000, 2)} ms` : `${c.p95Us} µs`,
          `${c.iterations} runs, verdict ${c.verdict}`,
        ]),
        [
          `probes per second, fixture server on 127.0.0.1, concurrency ${p.concurrency}`,
          `${p.perSecond} /s`,
          null,
          `${p.probes} probes in ${p.seconds} s; latency p50 ${p.latencyMs.p50} ms, p95 ${p.latencyMs.p95} ms; ` +
            Object.entries(p.statuses)
              .map(([s, n]) => `${n} ${s}`)
              .join(', '),
        ],
      ],
    ),
  ];
}

function aggregatorSection(results: BenchResults): string[] {
  const a = results.aggregator;
  if (a === undefined) return [];
  if (failed(a)) return ['### Aggregator', '', `Not measured: ${a.error}`];
  const commands = (byCommand: Readonly<Record<string, number>>) =>
    Object.entries(byCommand)
      .map(([c, n]) => `${c} ${n}`)
      .join(', ');
  return [
    '### Aggregator (dynalite)',
    '',
    table(
      [
        'regions',
        'requests / evaluation',
        'by command',
        'median ms',
        'p95 ms',
        'with a transition: requests',
        'by command',
        'median ms',
      ],
      a.rows.map((r) => [
        r.regions,
        r.requestsPerEvaluation,
        commands(r.byCommand),
        r.medianMs,
        r.p95Ms,
        r.withTransition.requests,
        commands(r.withTransition.byCommand),
        r.withTransition.medianMs,
      ]),
    ),
    '',
    `Requests ≈ ${a.fit.slope} × regions + ${a.fit.intercept} (largest deviation ${a.fit.maxResidual}). ${a.note}`,
  ];
}

function bundlesSection(results: BenchResults): string[] {
  const b = results.bundles;
  if (b === undefined) return [];
  if (failed(b)) return ['### Lambda bundles', '', `Not measured: ${b.error}`];
  return [
    '### Lambda bundles',
    '',
    b.bundling,
    '',
    table(
      [
        'function',
        'minified kB',
        'gzip kB',
        'cold import ms',
        'without source maps ms',
        'SDK bundled too kB (comparison)',
        'largest parts (kB)',
      ],
      b.functions.map((f) =>
        f.error !== null && f.bytes === 0
          ? [f.name, f.error, null, null, null, null, null]
          : [
              f.name,
              f.kB,
              f.gzipKB,
              f.coldImportMs ?? f.error,
              f.coldImportNoSourceMapsMs,
              f.sdkBundledKB,
              f.largestInputs.map((i) => `${i.input} ${i.kB}`).join(', '),
            ],
      ),
    ),
  ];
}

function targetsSection(results: BenchResults): string[] {
  return [
    '### Targets',
    '',
    table(
      ['target', 'wanted', 'measured', 'result', 'note'],
      results.targets.map((t) => [
        t.description,
        t.target,
        t.actual,
        t.pass === null ? 'not measured' : t.pass ? 'pass' : 'MISSED',
        t.note ?? '',
      ]),
    ),
  ];
}

/** The figures of a run as Markdown: printed at the end of `npm run bench` and pasted into BENCHMARKS.md. */
export function renderResults(results: BenchResults): string {
  const sections = [
    detectionSection(results),
    hotPathSection(results),
    aggregatorSection(results),
    bundlesSection(results),
    targetsSection(results),
  ].filter((s) => s.length > 0);
  const header = [
    `Run of ${results.date.slice(0, 10)} (${results.mode}) on commit ${results.commit ?? 'unknown'}, ` +
      `Node ${results.node}, ${results.machine.cpus} × ` +
      `${results.machine.cpuModel}, ${results.wallTimeS} s wall time.`,
  ];
  return [header, ...sections].map((s) => s.join('\n')).join('\n\n');
}

export const BLOCK_START = '<!-- bench:results:start -->';
export const BLOCK_END = '<!-- bench:results:end -->';

/** Replaces the generated block of a Markdown file; returns false when the file has no such block. */
export function rewriteBlock(path: string, content: string): boolean {
  let doc: string;
  try {
    doc = readFileSync(path, 'utf8');
  } catch {
    return false;
  }
  const start = doc.indexOf(BLOCK_START);
  const end = doc.indexOf(BLOCK_END);
  if (start < 0 || end < start) return false;
  const next = `${doc.slice(0, start + BLOCK_START.length)}\n${content}\n${doc.slice(end)}`;
  writeFileSync(path, next);
  return true;
}
