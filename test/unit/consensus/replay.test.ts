import { describe, expect, it } from 'vitest';
import { parseFleetConfig, resolvePolicy } from '../../../shared/config/fleet-config.js';
import { parseResultLines, regionsOf, replay } from '../../../shared/consensus/replay.js';
import { type ReplayIo, runReplayCommand } from '../../../shared/consensus/replay-command.js';
import { type ResultLine, ResultLineError, toResultLine } from '../../../shared/replay/result-line.js';
import type { ProbeStatus } from '../../../shared/types.js';
import { probeResult } from '../../support/results.js';
import { iso, POLICY } from './fleet-harness.js';

function line(
  region: string,
  seconds: number,
  status: ProbeStatus,
  extra: Partial<ResultLine> = {},
): ResultLine {
  const reason =
    status === 'up'
      ? 'ok'
      : status === 'down'
        ? 'timeout'
        : status === 'degraded'
          ? 'slow'
          : 'maintenance_page';
  return { region, checkedAt: iso(seconds), status, reason, ...extra };
}

/** Rounds of results, every region of `statuses` at each `seconds`. */
function rounds(
  entries: readonly [number, readonly ProbeStatus[]][],
  regions = ['a', 'b', 'c'],
  extra: Partial<ResultLine> = {},
) {
  return entries.flatMap(([seconds, statuses]) =>
    statuses.map((s, i) => line(regions[i]!, seconds, s, extra)),
  );
}

const moves = (ts: ReturnType<typeof replay>) => ts.map((t) => `${t.targetId}:${t.from}→${t.to}`);

describe('parseResultLines', () => {
  it('skips blank lines and names a bad line by its number', () => {
    const good = JSON.stringify(line('a', 0, 'up'));
    expect(parseResultLines(`${good}\n\n${good}\r\n`)).toHaveLength(2);
    const error = (() => {
      try {
        parseResultLines(`${good}\n\n{"region":"a","checkedAt":"yesterday","status":"up","reason":"ok"}\n`);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ResultLineError);
    expect((error as ResultLineError).line).toBe(3);
    expect((error as Error).message).toBe('line 3: checkedAt: must be an ISO 8601 time');
  });
});

describe('replay', () => {
  it('decides from the regions seen in the file, in time order whatever the order of the lines', () => {
    const lines = rounds([
      [120, ['down', 'down', 'up']],
      [0, ['up', 'up', 'up']],
      [60, ['down', 'down', 'up']],
    ]);
    expect(regionsOf(lines)).toEqual(['a', 'b', 'c']);
    const transitions = replay(lines, { policy: POLICY });
    expect(moves(transitions)).toEqual(['target:unknown→up', 'target:up→down']);
    expect(transitions[1]).toMatchObject({ at: iso(120), rule: 'quorum_down', audience: 'subscribers' });
    expect(transitions[1]?.votes.map((v) => `${v.region}=${v.status}`)).toEqual(['a=down', 'b=down', 'c=up']);
  });

  it('counts only the regions asked for', () => {
    const lines = rounds([
      [0, ['up', 'up', 'up']],
      [60, ['down', 'down', 'up']],
      [120, ['down', 'down', 'up']],
    ]);
    const transitions = replay(lines, { policy: POLICY, regions: ['b', 'c'] });
    expect(moves(transitions)).toEqual(['target:unknown→up']);
    expect(transitions[0]?.votes.map((v) => v.region)).toEqual(['b', 'c']);
  });

  it('sweeps every minute between results: regions that fall silent make the target unknown', () => {
    const lines = [
      ...rounds([[0, ['up', 'up', 'up']]]),
      ...Array.from({ length: 10 }, (_, m) => line('a', 60 * (m + 1), 'up')),
    ];
    const transitions = replay(lines, { policy: POLICY });
    expect(moves(transitions)).toEqual(['target:unknown→up', 'target:up→unknown']);
    // Results at 0 are stale from 150 s on; the first sweep after that is at 180 s.
    expect(transitions[1]).toMatchObject({ at: iso(180), rule: 'insufficient_votes', audience: 'ops' });
  });

  it('replays each target on its own and returns every transition in time order', () => {
    const lines = [
      ...rounds([[0, ['up', 'up', 'up']]], undefined, { target: 'svc-qr' }),
      ...rounds(
        [
          [30, ['maintenance', 'maintenance', 'maintenance']],
          [90, ['maintenance', 'maintenance', 'maintenance']],
        ],
        undefined,
        { target: 'svc-wsdl' },
      ),
      ...rounds([[60, ['up', 'up', 'up']]], undefined, { target: 'svc-qr' }),
    ];
    expect(moves(replay(lines, { policy: POLICY }))).toEqual([
      'svc-qr:unknown→up',
      'svc-wsdl:unknown→maintenance',
    ]);
  });

  it('reads the API export: stored results → lines → the same decision', () => {
    const stored = ['up', 'up', 'down', 'down', 'down', 'down'].flatMap((status, round) =>
      ['ap-southeast-3', 'ap-southeast-1'].map((region) =>
        probeResult({
          region,
          status: status as ProbeStatus,
          reason: status === 'up' ? 'ok' : 'refused',
          checkedAt: iso(round * 60),
        }),
      ),
    );
    const exported = stored.map((r) => JSON.stringify(toResultLine(r))).join('\n');
    const transitions = replay(parseResultLines(exported), { policy: POLICY });
    expect(moves(transitions)).toEqual(['svc-wsdl:unknown→up', 'svc-wsdl:up→down']);
    expect(transitions[1]?.votes[0]).toMatchObject({ reason: 'refused', control: true, latencyMs: 120 });
  });

  it('follows the policy it is given', () => {
    const lines = rounds([
      [0, ['up', 'up', 'up']],
      [30, ['down', 'down', 'down']],
      [60, ['down', 'down', 'down']],
      [90, ['up', 'up', 'up']],
      [120, ['up', 'up', 'up']],
    ]);
    const quick = resolvePolicy(
      parseFleetConfig({ probeIntervalSeconds: 30, policy: { recoveryHoldSeconds: 30 } }),
    );
    expect(moves(replay(lines, { policy: quick }))).toEqual([
      'target:unknown→up',
      'target:up→down',
      'target:down→up',
    ]);
    expect(moves(replay(lines, { policy: POLICY }))).toEqual(['target:unknown→up', 'target:up→down']);
  });
});

/** The replay command with files in memory and the output captured. */
async function run(argv: string[], files: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const io: ReplayIo = {
    readText: async (path) => {
      const text = files[path];
      if (text === undefined) throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
      return text;
    },
    out: (l) => out.push(l),
    err: (l) => err.push(l),
  };
  const code = await runReplayCommand(argv, io);
  return { code, out, err };
}

const OUTAGE = rounds([
  [0, ['up', 'up', 'up']],
  [60, ['down', 'down', 'up']],
  [120, ['down', 'down', 'up']],
])
  .map((l) => JSON.stringify(l))
  .join('\n');

describe('replay command', () => {
  it('prints one line per transition and a summary on the error stream', async () => {
    const { code, out, err } = await run(['results.jsonl'], { 'results.jsonl': OUTAGE });
    expect(code).toBe(0);
    expect(out).toEqual([
      `${iso(0)}  14:00:00 WIB  target  unknown -> up  initial  ops  a=up(ok) b=up(ok)`,
      `${iso(120)}  14:02:00 WIB  target  up -> down  quorum_down  subscribers  a=down(timeout) b=down(timeout) c=up(ok)`,
    ]);
    expect(err).toEqual([
      'replayed 9 results of 1 target(s) from 3 region(s) (a, b, c): 2 transition(s), 1 for subscribers',
    ]);
  });

  it('prints one JSON object per line with --json', async () => {
    const { out } = await run(['results.jsonl', '--json'], { 'results.jsonl': OUTAGE });
    const objects = out.map((l) => JSON.parse(l));
    expect(objects.map((o) => Object.keys(o))).toEqual([
      ['at', 'target', 'from', 'to', 'rule', 'audience', 'votes'],
      ['at', 'target', 'from', 'to', 'rule', 'audience', 'votes'],
    ]);
    expect(objects[1]).toMatchObject({
      at: iso(120),
      target: 'target',
      from: 'up',
      to: 'down',
      rule: 'quorum_down',
    });
    expect(objects[1].votes).toHaveLength(3);
  });

  it('takes regions, interval and a policy file (a whole fleet configuration works too)', async () => {
    const files = {
      'results.jsonl': OUTAGE,
      'policy.json': JSON.stringify({ quorum: 3 }),
      'fleet.json': JSON.stringify({ locale: 'en', policy: { quorum: 3 } }),
    };
    expect((await run(['results.jsonl', '--policy', 'policy.json'], files)).out).toHaveLength(1);
    expect((await run(['results.jsonl', '--policy', 'fleet.json'], files)).out).toHaveLength(1);
    expect((await run(['results.jsonl', '--regions', 'a, b'], files)).out).toHaveLength(2);
    // Results a minute apart are stale after 50 s at a 20 s interval: the target goes unknown.
    expect(
      (await run(['results.jsonl', '--interval-s', '20'], files)).out.map((l) => l.split('  ')[3]),
    ).toEqual(['unknown -> up', 'up -> unknown']);
  });

  it.each<[string, string[], Record<string, string>, string]>([
    [
      'a bad line, named',
      ['r.jsonl'],
      { 'r.jsonl': `${OUTAGE}\n{"region":"a"}` },
      'r.jsonl: line 10: checkedAt: is required',
    ],
    ['a missing file', ['nope.jsonl'], {}, 'nope.jsonl: cannot be read (ENOENT)'],
    ['no file', [], {}, 'exactly one results file is needed'],
    ['an unknown option', ['r.jsonl', '--fast'], { 'r.jsonl': OUTAGE }, "Unknown option '--fast'"],
    [
      'a bad interval',
      ['r.jsonl', '--interval-s', 'soon'],
      { 'r.jsonl': OUTAGE },
      '--interval-s: "soon" is not a number',
    ],
    [
      'an interval out of range',
      ['r.jsonl', '--interval-s', '2'],
      { 'r.jsonl': OUTAGE },
      '--interval-s: must be at least 5',
    ],
    [
      'a bad policy field',
      ['r.jsonl', '--policy', 'p.json'],
      { 'r.jsonl': OUTAGE, 'p.json': '{"recoveryHoldSeconds": -1, "speed": 1}' },
      'p.json: policy.recoveryHoldSeconds: must not be negative',
    ],
    [
      'a policy that is not JSON',
      ['r.jsonl', '--policy', 'p.json'],
      { 'r.jsonl': OUTAGE, 'p.json': '{' },
      'p.json: is not valid JSON',
    ],
    [
      'a quorum above the regions',
      ['r.jsonl', '--policy', 'p.json', '--regions', 'a,b'],
      { 'r.jsonl': OUTAGE, 'p.json': '{"quorum": 3}' },
      'policy.quorum: 3 is more than the 2 regions replayed',
    ],
  ])('exits 2 on %s', async (_what, argv, files, message) => {
    const { code, out, err } = await run(argv, files);
    expect(code).toBe(2);
    expect(out).toEqual([]);
    expect(err.join('\n')).toContain(message);
    expect(err.at(-1)).toMatch(/^usage: npm run -s replay -- /);
  });
});
