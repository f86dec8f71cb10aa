import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateHistory } from '../../unit/consensus/history-generator.js';

const dir = mkdtempSync(join(tmpdir(), 'replay-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[]) {
  const run = spawnSync('npm', ['run', '-s', 'replay', '--', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('npm run -s replay', () => {
  it('replays a recorded outage from a file and prints its transitions as JSON lines', () => {
    const file = join(dir, 'outage.jsonl');
    const lines = generateHistory({ seed: 7, hours: 2, noise: 0, globalOutage: { fromS: 1800, toS: 3600 } });
    writeFileSync(file, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    const { code, stdout, stderr } = cli([file, '--json']);
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

  it('exits 2 naming the bad line', () => {
    const file = join(dir, 'bad.jsonl');
    writeFileSync(
      file,
      '{"region":"a","checkedAt":"2026-03-15T07:00:00Z","status":"up","reason":"ok"}\nnot json\n',
    );
    const { code, stdout, stderr } = cli([file]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('bad.jsonl: line 2: is not JSON');
  });
});
