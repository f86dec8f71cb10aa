import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ResultLine } from '../../../shared/replay/result-line.js';
import { RUN_SIZE } from '../../../shared/replay/sorted-records.js';
import { generateHistory } from '../../unit/consensus/history-generator.js';

const dir = mkdtempSync(join(tmpdir(), 'replay-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const REGIONS = ['ap-southeast-3', 'ap-southeast-1', 'ap-northeast-1'];

function cli(args: string[], options: { tz?: string; input?: string; tmp?: string } = {}) {
  const run = spawnSync('npm', ['run', '-s', 'replay', '--', ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      ...process.env,
      TZ: options.tz ?? 'UTC',
      ...(options.tmp !== undefined && { TMPDIR: options.tmp }),
    },
    ...(options.input !== undefined && { input: options.input }),
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

function write(name: string, lines: readonly unknown[]): string {
  const file = join(dir, name);
  writeFileSync(file, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
  return file;
}

describe('npm run -s replay', () => {
  it('replays a recorded outage from a file and prints its transitions as JSON lines', () => {
    const lines = generateHistory({ seed: 7, hours: 2, noise: 0, globalOutage: { fromS: 1800, toS: 3600 } });
    const { code, stdout, stderr } = cli([write('outage.jsonl', lines), '--json']);
    expect(code).toBe(0);
    const out = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { from: string; to: string; audience: string });
    expect(out.map((t) => `${t.from}→${t.to}/${t.audience}`)).toEqual([
      'unknown→up/ops',
      'up→down/subscribers',
      'down→up/subscribers',
    ]);
    expect(stderr).toContain('replayed 360 results of 1 target(s) from 3 region(s)');
  });

  it('reads standard input', () => {
    const lines = generateHistory({ seed: 7, hours: 2, noise: 0, globalOutage: { fromS: 1800, toS: 3600 } });
    const input = lines.map((l) => JSON.stringify(l)).join('\n');
    const { code, stdout } = cli(['-'], { input });
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(3);
  });

  it('exits 2 naming the bad line', () => {
    const file = join(dir, 'bad.jsonl');
    writeFileSync(
      file,
      '{"region":"ap-southeast-1","checkedAt":"2026-03-15T07:00:00Z","status":"up","reason":"ok"}\nnot json\n',
    );
    const { code, stdout, stderr } = cli([file]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('error: ');
    expect(stderr).toContain('bad.jsonl: line 2: is not JSON');
  });

  it('exits 2 on a directory given as the file', () => {
    const { code, stderr } = cli([dir]);
    expect(code).toBe(2);
    expect(stderr).toBe(`error: ${dir}: cannot be read (EISDIR)\n`);
  });

  it.each([
    ['two results 56 years apart', ['1970-01-01T00:00:00Z', '2026-03-15T00:00:00Z']],
    ['a stray result in 2030 after a day', ['2030-01-01T00:00:00Z']],
  ])('finishes %s at once: the work follows the results, not the time they span', (_name, times) => {
    const day = generateHistory({ seed: 8, hours: 24, noise: 0 });
    const lines: ResultLine[] = [
      ...(times.length > 1 ? [] : day),
      ...times.map((checkedAt) => ({
        region: REGIONS[1]!,
        checkedAt,
        status: 'up' as const,
        reason: 'ok' as const,
      })),
    ];
    const { code, stderr } = cli([write('span.jsonl', lines), '--regions', REGIONS.join(',')]);
    expect(code).toBe(0);
    expect(stderr).toContain(`replayed ${lines.length} results of 1 target(s) from 3 region(s)`);
  });

  it('decides the same in any time zone of the machine, and refuses a time without a zone in any', () => {
    const lines = generateHistory({
      seed: 9,
      hours: 3,
      noise: 0.03,
      globalOutage: { fromS: 3600, toS: 5400 },
    });
    const zoned = write('zoned.jsonl', lines);
    const utc = cli([zoned]);
    const jakarta = cli([zoned], { tz: 'Asia/Jakarta' });
    expect(utc.code).toBe(0);
    expect(jakarta.stdout).toBe(utc.stdout);

    const local = write('local.jsonl', [
      ...lines.slice(0, 4),
      { ...lines[4], checkedAt: '2026-03-15T14:01:20' },
      ...lines.slice(5),
    ]);
    for (const tz of ['UTC', 'Asia/Jakarta']) {
      const { code, stdout, stderr } = cli([local], { tz });
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toContain(
        'local.jsonl: line 5: checkedAt: "2026-03-15T14:01:20" has no time zone: add Z (UTC) or an offset',
      );
    }
  });

  it('takes a whole fleet configuration with a byte-order mark as the policy', () => {
    const lines = generateHistory({ seed: 7, hours: 2, noise: 0, globalOutage: { fromS: 1800, toS: 3600 } });
    const fleet = join(dir, 'fleet.json');
    writeFileSync(
      fleet,
      `\uFEFF${JSON.stringify({ probeRegions: REGIONS, policy: { quorum: 3 } }, null, 2)}\r\n`,
    );
    const { code, stdout, stderr } = cli([write('outage.jsonl', lines), '--policy', fleet]);
    expect(stderr).not.toContain('error');
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(3);
  });

  it('stops quietly when its reader does (| head), and leaves no temporary files', () => {
    // Outages one after another: thousands of transitions, more than a pipe holds; more results than one run of
    // the sort holds, so that some are in temporary files when the reader stops.
    const lines: ResultLine[] = [];
    for (let round = 0; round < Math.ceil(RUN_SIZE / 3) + 1000; round++) {
      const down = round % 20 >= 10 && round % 20 < 13;
      for (const [i, region] of REGIONS.entries()) {
        lines.push({
          region,
          checkedAt: new Date(Date.UTC(2026, 2, 15) + round * 60_000 + i * 20_000).toISOString(),
          status: down ? 'down' : 'up',
          reason: down ? 'refused' : 'ok',
        });
      }
    }
    const file = write('flapping.jsonl', lines);
    const tmp = mkdtempSync(join(dir, 'tmp-'));
    const run = spawnSync(
      'bash',
      ['-c', `set -o pipefail; npm run -s replay -- '${file}' --json | head -n 1`],
      {
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...process.env, TMPDIR: tmp },
      },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ from: 'unknown', to: 'up' });
    expect(readdirSync(tmp).filter((name) => name.startsWith('replay-'))).toEqual([]);
  });
});
