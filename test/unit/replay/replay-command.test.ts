import { describe, expect, it } from 'vitest';
import { type ReplayIo, runReplayCommand } from '../../../cli/replay-command.js';
import type { ResultLine } from '../../../shared/replay/result-line.js';
import type { ProbeStatus } from '../../../shared/types.js';
import { iso } from '../consensus/fleet-harness.js';

const [JKT, SIN, TYO] = ['ap-southeast-3', 'ap-southeast-1', 'ap-northeast-1'];
const REGIONS = [JKT, SIN, TYO];

function line(
  region: string,
  seconds: number,
  status: ProbeStatus,
  extra: Partial<ResultLine> = {},
): ResultLine {
  const reason = { up: 'ok', down: 'timeout', degraded: 'slow', maintenance: 'maintenance_page' } as const;
  return { region, checkedAt: iso(seconds), status, reason: reason[status], ...extra };
}

/** Rounds of results, every region at each `seconds`. */
function rounds(entries: readonly [number, readonly ProbeStatus[]][], regions = REGIONS): ResultLine[] {
  return entries.flatMap(([seconds, statuses]) => statuses.map((s, i) => line(regions[i]!, seconds, s)));
}

const ndjson = (lines: readonly unknown[]) => `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`;

const OUTAGE_LINES = rounds([
  [0, ['up', 'up', 'up']],
  [60, ['down', 'down', 'up']],
  [120, ['down', 'down', 'up']],
]);
const OUTAGE = ndjson(OUTAGE_LINES);

/** The replay command with files in memory (whole texts, or streamed in small byte chunks) and the output captured. */
async function run(argv: string[], files: Record<string, string>, streamed = false) {
  const out: string[] = [];
  const err: string[] = [];
  const missing = (path: string) => Object.assign(new Error(`no such file ${path}`), { code: 'ENOENT' });
  const output = { out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
  const io: ReplayIo = streamed
    ? {
        ...output,
        open: async function* (path) {
          if (path === 'utf16.json') {
            yield Uint8Array.from([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]);
            return;
          }
          const text = files[path];
          if (text === undefined) throw missing(path);
          const bytes = new TextEncoder().encode(text);
          for (let i = 0; i < bytes.length; i += 5) yield bytes.subarray(i, i + 5);
        },
      }
    : {
        ...output,
        readText: async (path) => {
          const text = files[path];
          if (text === undefined) throw missing(path);
          return text;
        },
      };
  const code = await runReplayCommand(argv, io);
  return { code, out, err };
}

describe('replay command: output', () => {
  it.each([false, true])(
    'prints one line per transition and a summary on the error stream (streamed: %s)',
    async (streamed) => {
      const { code, out, err } = await run(['results.jsonl'], { 'results.jsonl': OUTAGE }, streamed);
      expect(code).toBe(0);
      expect(out).toEqual([
        // Results of one instant go by region name: Tokyo and Singapore make the first quorum.
        `${iso(0)}  14:00:00 WIB  target  unknown -> up  initial  ops  ${SIN}=up(ok) ${TYO}=up(ok)`,
        `${iso(120)}  14:02:00 WIB  target  up -> down  quorum_down  subscribers  ${JKT}=down(timeout) ${SIN}=down(timeout) ${TYO}=up(ok)`,
      ]);
      expect(err).toEqual([
        `replayed 9 results of 1 target(s) from 3 region(s) (${REGIONS.join(', ')}): 2 transition(s), 1 for subscribers`,
      ]);
    },
  );

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

  it('reads the lines in any order (newest first, as the API exports them)', async () => {
    const reversed = ndjson([...OUTAGE_LINES].reverse());
    const regions = ['--regions', REGIONS.join(',')];
    expect((await run(['r.jsonl', ...regions], { 'r.jsonl': reversed })).out).toEqual(
      (await run(['r.jsonl', ...regions], { 'r.jsonl': OUTAGE })).out,
    );
  });
});

describe('replay command: repeated results', () => {
  it('counts a result given three times once, and says so', async () => {
    const tripled = ndjson(OUTAGE_LINES.flatMap((l) => [l, l, l]));
    const once = await run(['r.jsonl'], { 'r.jsonl': OUTAGE });
    const { code, out, err } = await run(['r.jsonl'], { 'r.jsonl': tripled });
    expect(code).toBe(0);
    expect(out).toEqual(once.out);
    expect(err).toEqual([
      'warning: r.jsonl: 18 repeated result(s) counted once (line 8 repeats line 7)',
      `replayed 9 results of 1 target(s) from 3 region(s) (${REGIONS.join(', ')}): 2 transition(s), 1 for subscribers`,
    ]);
  });

  // One region every 20 s: a file in time order, or newest first, where the copies of a line follow it.
  const staggered = Array.from({ length: 12 }, (_, k) =>
    line(REGIONS[k % 3]!, 20 * k, k >= 6 ? 'down' : 'up'),
  );

  it.each([
    ['oldest first', staggered],
    ['newest first', [...staggered].reverse()],
  ])('finds copies as it reads a file in time order (%s)', async (_order, lines) => {
    const once = await run(['r.jsonl'], { 'r.jsonl': ndjson(lines) });
    const { code, out, err } = await run(['r.jsonl'], { 'r.jsonl': ndjson(lines.flatMap((l) => [l, l])) });
    expect(code).toBe(0);
    expect(out).toEqual(once.out);
    expect(err[0]).toBe('warning: r.jsonl: 12 repeated result(s) counted once (line 2 repeats line 1)');
  });

  it('refuses a different result right after the first one, naming both lines', async () => {
    const file = ndjson([
      ...staggered.slice(0, 5),
      { ...staggered[4]!, latencyMs: 10 },
      ...staggered.slice(5),
    ]);
    const { code, out, err } = await run(['r.jsonl'], { 'r.jsonl': file });
    expect(code).toBe(2);
    expect(out).toEqual([]);
    expect(err).toEqual([
      'error: r.jsonl: line 6: same target, region and checkedAt as line 5, but a different result',
    ]);
  });

  it('refuses two different results of one target, region and time, naming both lines and printing nothing', async () => {
    const file = ndjson([...OUTAGE_LINES, line(JKT, 60, 'up')]);
    const { code, out, err } = await run(['r.jsonl'], { 'r.jsonl': file });
    expect(code).toBe(2);
    expect(out).toEqual([]);
    expect(err).toEqual([
      'error: r.jsonl: line 10: same target, region and checkedAt as line 4, but a different result',
    ]);
  });
});

describe('replay command: bad lines', () => {
  const at = (n: number) => `r.jsonl: line ${n}: `;
  it.each<[string, string, string[]]>([
    ['not JSON', 'not json', [`${at(10)}is not JSON`]],
    [
      'a missing field',
      '{"region":"ap-southeast-1"}',
      [`${at(10)}checkedAt: is required; status: is required; reason: is required`],
    ],
    [
      'a time without a zone',
      JSON.stringify({ ...line(SIN, 180, 'up'), checkedAt: '2026-03-15T14:03:00' }),
      [
        `${at(10)}checkedAt: "2026-03-15T14:03:00" has no time zone: add Z (UTC) or an offset, e.g. 2026-03-15T10:00:00+07:00`,
      ],
    ],
    [
      'a date the calendar does not have',
      JSON.stringify({ ...line(SIN, 180, 'up'), checkedAt: '2026-02-31T07:03:00Z' }),
      [`${at(10)}checkedAt: "2026-02-31T07:03:00Z" is not a date of the calendar`],
    ],
    [
      'up with a timeout',
      JSON.stringify({ ...line(SIN, 180, 'up'), reason: 'timeout' }),
      [`${at(10)}status: "up" does not match reason "timeout", which means "down"`],
    ],
    [
      'a region written in capitals',
      JSON.stringify(line('AP-SOUTHEAST-1', 180, 'up')),
      [
        `${at(10)}region: "AP-SOUTHEAST-1" is not an AWS region name (region names are lowercase: "ap-southeast-1")`,
      ],
    ],
    [
      'a region that is no AWS region',
      JSON.stringify(line('jakarta', 180, 'up')),
      [`${at(10)}region: "jakarta" is not an AWS region name`],
    ],
    [
      'a target in capitals',
      JSON.stringify(line(SIN, 180, 'up', { target: 'SVC-WSDL' })),
      [
        `${at(10)}target: "SVC-WSDL" is not a target id (lowercase letters, digits and '-', at most 40) (target ids are lowercase: "svc-wsdl")`,
      ],
    ],
    ['a line far too long', `{"detail":"${'x'.repeat(70_000)}"}`, [`${at(10)}longer than 65536 characters`]],
  ])('exits 2 on %s, naming the line', async (_what, bad, messages) => {
    const { code, out, err } = await run(['r.jsonl'], { 'r.jsonl': `${OUTAGE}${bad}\n` });
    expect(code).toBe(2);
    expect(out).toEqual([]);
    expect(err).toEqual(messages.map((m) => `error: ${m}`));
  });

  it('lists the first ten bad lines, then stops reading', async () => {
    const zoneless = (k: number) =>
      JSON.stringify({ ...line(SIN, 0, 'up'), checkedAt: `2026-03-15T14:${10 + k}:00` });
    const file = ndjson(OUTAGE_LINES) + Array.from({ length: 50 }, (_, k) => zoneless(k)).join('\n');
    const { code, err } = await run(['r.jsonl'], { 'r.jsonl': file });
    expect(code).toBe(2);
    expect(err).toHaveLength(11);
    expect(err[0]).toBe(
      'error: r.jsonl: line 10: checkedAt: "2026-03-15T14:10:00" has no time zone: add Z (UTC) or an offset, e.g. 2026-03-15T10:00:00+07:00',
    );
    expect(err[10]).toBe('error: r.jsonl: stopped at line 19: too many bad lines');
  });

  it.each<[string, string, string]>([
    ['an empty file', '', 'error: r.jsonl: no results (empty, or only blank lines)'],
    ['blank lines only', '\n  \r\n\n', 'error: r.jsonl: no results (empty, or only blank lines)'],
    [
      'results of fewer regions than a fleet has',
      ndjson(rounds([[0, ['up', 'up']]], [JKT, SIN])),
      `error: r.jsonl: results of 2 region(s) only (${JKT}, ${SIN}): at least 3 regions are needed for a majority; name the fleet's regions with --regions`,
    ],
  ])('exits 2 on %s', async (_what, text, message) => {
    const { code, out, err } = await run(['r.jsonl'], { 'r.jsonl': text });
    expect(code).toBe(2);
    expect(out).toEqual([]);
    expect(err).toEqual([message]);
  });
});

describe('replay command: --regions', () => {
  const files = { 'r.jsonl': OUTAGE };

  it('takes a subset of the regions of the file, warning about the results it leaves out', async () => {
    const file = ndjson([...OUTAGE_LINES, line('eu-west-1', 30, 'down'), line('eu-west-1', 90, 'down')]);
    const { code, out, err } = await run(['r.jsonl', '--regions', ` ${JKT}, ${SIN} ,${TYO}`], {
      'r.jsonl': file,
    });
    expect(code).toBe(0);
    expect(out).toHaveLength(2);
    expect(err).toEqual([
      'warning: r.jsonl: 2 result(s) of eu-west-1 ignored: not in --regions',
      `replayed 9 results of 1 target(s) from 3 region(s) (${REGIONS.join(', ')}): 2 transition(s), 1 for subscribers`,
    ]);
  });

  it('lets a region without results count (it never votes), with a warning', async () => {
    const { code, out, err } = await run(['r.jsonl', '--regions', `${JKT},${SIN},${TYO},eu-west-1`], files);
    expect(code).toBe(0);
    // The quorum is a majority of the regions that vote: two of three.
    expect(out.map((l) => l.split('  ')[3])).toEqual(['unknown -> up', 'up -> down']);
    expect(err[0]).toBe('warning: --regions: eu-west-1 has no results in r.jsonl; it never votes');
  });

  it.each<[string, string, string[]]>([
    ['one region', SIN, ['error: --regions: at least 3 regions are needed for a majority (1 named)']],
    [
      'two regions',
      `${JKT},${SIN}`,
      ['error: --regions: at least 3 regions are needed for a majority (2 named)'],
    ],
    [
      'a name in capitals',
      `${JKT},${SIN},AP-Northeast-1`,
      [
        'error: --regions: "AP-Northeast-1" is not an AWS region name (region names are lowercase: "ap-northeast-1")',
      ],
    ],
    [
      'two names differing only by case',
      `${JKT},${SIN},${TYO},${TYO.toUpperCase()}`,
      [
        'error: --regions: "AP-NORTHEAST-1" is not an AWS region name (region names are lowercase: "ap-northeast-1")',
      ],
    ],
    ['a name twice', `${JKT},${SIN},${JKT}`, [`error: --regions: "${JKT}" is listed twice`]],
    [
      'an empty name',
      `${JKT},,${SIN},${TYO},`,
      [
        'error: --regions: an empty name (two commas in a row, or one at an end)',
        'error: --regions: an empty name (two commas in a row, or one at an end)',
      ],
    ],
  ])('exits 2 on %s, with the usage', async (_what, regions, messages) => {
    const { code, out, err } = await run(['r.jsonl', '--regions', regions], files);
    expect(code).toBe(2);
    expect(out).toEqual([]);
    expect(err.slice(0, -1)).toEqual(messages);
    expect(err.at(-1)).toBe('Run with --help for usage.');
  });

  it('exits 2 when no region named has a result in the file', async () => {
    const { code, err } = await run(['r.jsonl', '--regions', 'eu-west-1,eu-west-2,eu-west-3'], files);
    expect(code).toBe(2);
    expect(err).toEqual([
      `error: --regions: no results of eu-west-1, eu-west-2, eu-west-3 in r.jsonl, which has results of ${REGIONS.join(', ')}`,
    ]);
  });
});

describe('replay command: policy and interval', () => {
  const moves = (out: string[]) => out.map((l) => l.split('  ')[3]);

  it.each<[string, string]>([
    ['a policy', JSON.stringify({ quorum: 3 })],
    ['a whole configuration', JSON.stringify({ locale: 'en', policy: { quorum: 3 } })],
    ['a policy with a byte-order mark', `\uFEFF${JSON.stringify({ quorum: 3 })}`],
    [
      'a whole configuration with a byte-order mark',
      `\uFEFF${JSON.stringify({ policy: { quorum: 3 } })}\r\n`,
    ],
  ])('takes %s', async (_what, policy) => {
    const { code, out } = await run(['r.jsonl', '--policy', 'p.json'], {
      'r.jsonl': OUTAGE,
      'p.json': policy,
    });
    expect(code).toBe(0);
    // All three regions must agree: two down is no outage.
    expect(moves(out)).toEqual(['unknown -> up']);
  });

  it('takes the probe interval of a whole configuration that has no policy at all', async () => {
    const fleet = JSON.stringify({ probeRegions: REGIONS, probeIntervalSeconds: 20 });
    const { code, out, err } = await run(['r.jsonl', '--policy', 'fleet.json'], {
      'r.jsonl': OUTAGE,
      'fleet.json': fleet,
    });
    expect(code).toBe(0);
    // Results a minute apart are stale after 50 s at a 20 s interval: the target goes unknown.
    expect(moves(out)).toEqual(['unknown -> up', 'up -> unknown']);
    expect(err).toHaveLength(1);
  });

  it('lets --interval-s replace the interval of a configuration, with a warning', async () => {
    const fleet = JSON.stringify({ probeIntervalSeconds: 20 });
    const { code, out, err } = await run(['r.jsonl', '--policy', 'fleet.json', '--interval-s', '60'], {
      'r.jsonl': OUTAGE,
      'fleet.json': fleet,
    });
    expect(code).toBe(0);
    expect(moves(out)).toEqual(['unknown -> up', 'up -> down']);
    expect(err[0]).toBe('warning: --interval-s 60 replaces probeIntervalSeconds 20 of fleet.json');
  });

  it('measures the policy in --interval-s', async () => {
    const { out } = await run(['r.jsonl', '--interval-s', '20'], { 'r.jsonl': OUTAGE });
    expect(moves(out)).toEqual(['unknown -> up', 'up -> unknown']);
  });

  it('checks a fixed quorum against the regions replayed, not the default three of a configuration', async () => {
    const five = [...REGIONS, 'eu-west-1', 'us-east-1'];
    const file = ndjson(rounds([[0, ['up', 'up', 'up', 'up', 'up']]], five));
    const { code, out } = await run(['r.jsonl', '--policy', 'p.json'], {
      'r.jsonl': file,
      'p.json': '{"quorum": 4}',
    });
    expect(code).toBe(0);
    expect(moves(out)).toEqual(['unknown -> up']);
  });

  it.each<[string, string[], Record<string, string>, string[], boolean]>([
    [
      'a bad policy field',
      ['--policy', 'p.json'],
      { 'p.json': '{"recoveryHoldSeconds": -1, "speed": 1}' },
      ['p.json: policy.recoveryHoldSeconds: must not be negative', 'p.json: policy.speed: unknown field'],
      false,
    ],
    [
      'a bad field of a whole configuration',
      ['--policy', 'fleet.json'],
      { 'fleet.json': '{"probeIntervalSeconds": 2, "policy": {"quorum": 1}}' },
      [
        'fleet.json: probeIntervalSeconds: must be at least 5',
        'fleet.json: policy.quorum: must be "majority" or a whole number of regions, at least 2',
      ],
      false,
    ],
    [
      'a configuration mixing policy fields in',
      ['--policy', 'fleet.json'],
      { 'fleet.json': '{"locale": "en", "quorum": 3}' },
      ['fleet.json: quorum: unknown field'],
      false,
    ],
    [
      'a policy that is not JSON',
      ['--policy', 'p.json'],
      { 'p.json': '{' },
      ['p.json: is not valid JSON'],
      false,
    ],
    [
      'a policy that is a list',
      ['--policy', 'p.json'],
      { 'p.json': '[]' },
      ['p.json: must be a JSON object: a policy, or a whole fleet configuration'],
      false,
    ],
    [
      'a policy file far too large',
      ['--policy', 'p.json'],
      { 'p.json': ' '.repeat(1024 * 1024 + 1) },
      ['p.json: larger than 1048576 characters; this is no policy'],
      false,
    ],
    ['a missing policy file', ['--policy', 'nope.json'], {}, ['nope.json: cannot be read (ENOENT)'], false],
    [
      'a policy saved as UTF-16',
      ['--policy', 'utf16.json'],
      {},
      ['utf16.json: the file is UTF-16 text; save it as UTF-8'],
      false,
    ],
    [
      'a quorum above the regions',
      ['--policy', 'p.json'],
      { 'p.json': '{"quorum": 4}' },
      ['p.json: policy.quorum: 4 is more than the 3 regions replayed'],
      false,
    ],
    [
      'a bad interval',
      ['--interval-s', 'soon'],
      {},
      ['--interval-s: "soon" is not a number of seconds'],
      true,
    ],
    [
      'an interval in hex',
      ['--interval-s', '0x3c'],
      {},
      ['--interval-s: "0x3c" is not a number of seconds'],
      true,
    ],
    ['an interval out of range', ['--interval-s', '2'], {}, ['--interval-s: must be at least 5'], true],
    [
      'an interval with a fraction',
      ['--interval-s', '60.5'],
      {},
      ['--interval-s: must be a whole number of seconds'],
      true,
    ],
  ])(
    'exits 2 on %s, naming the file or option and the field',
    async (_what, argv, files, messages, usage) => {
      const { code, out, err } = await run(['r.jsonl', ...argv], { 'r.jsonl': OUTAGE, ...files }, true);
      expect(code).toBe(2);
      expect(out).toEqual([]);
      for (const [i, message] of messages.entries()) expect(err[i]).toContain(`error: ${message}`);
      expect(err).toHaveLength(messages.length + (usage ? 1 : 0));
      if (usage) expect(err.at(-1)).toBe('Run with --help for usage.');
    },
  );
});

describe('replay command: usage', () => {
  it.each<[string, string[], string]>([
    ['no file', [], 'error: exactly one results file is needed'],
    ['two files', ['a.jsonl', 'b.jsonl'], 'error: exactly one results file is needed'],
    ['an unknown option', ['r.jsonl', '--fast'], "error: Unknown option '--fast'"],
    [
      'an option given twice',
      ['r.jsonl', '--policy', 'a.json', '--policy', 'b.json'],
      'error: --policy: given more than once',
    ],
    ['standard input twice', ['-', '--policy', '-'], 'error: standard input can be read only once'],
  ])('exits 2 on %s, with the usage', async (_what, argv, message) => {
    const { code, out, err } = await run(argv, { 'r.jsonl': OUTAGE });
    expect(code).toBe(2);
    expect(out).toEqual([]);
    expect(err[0]).toContain(message);
    expect(err.at(-1)).toBe('Run with --help for usage.');
  });

  it.each([['--help'], ['-h'], ['r.jsonl', '--json', '-h']])(
    'prints the help for %j and exits 0',
    async (...argv) => {
      const { code, out, err } = await run(argv, { 'r.jsonl': OUTAGE });
      expect(code).toBe(0);
      expect(err).toEqual([]);
      expect(out[0]).toMatch(/^Usage: npm run -s replay -- <results.jsonl \| -> \[options\]\n/);
      expect(out[0]).toContain('Exit status:');
    },
  );

  it('exits 2 on a missing file', async () => {
    const { code, err } = await run(['nope.jsonl'], {});
    expect(code).toBe(2);
    expect(err).toEqual(['error: nope.jsonl: cannot be read (ENOENT)']);
  });
});
