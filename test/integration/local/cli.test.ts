import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../bench/support/free-port.js';
import { runProbeCli } from '../../../cli/probe.js';
import { type SvcSimulator, startSvcSimulator } from '../../../local/simulator/svc-simulator.js';
import type { TargetStatusView } from '../../../shared/api/target-view.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');

interface Run {
  readonly child: ChildProcess;
  stdout: string;
  stderr: string;
  readonly exited: Promise<number | null>;
}

function runCli(args: readonly string[]): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'cli', 'local.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const run: Run = {
    child,
    stdout: '',
    stderr: '',
    exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
  };
  child.stdout?.on('data', (chunk: Buffer) => {
    run.stdout += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    run.stderr += chunk.toString('utf8');
  });
  return run;
}

/** The exit code, or a failure (and a killed child) when the process outlives `ms`. */
async function exitWithin(run: Run, ms: number): Promise<number | null> {
  const timer = sleep(ms).then(() => 'timeout' as const);
  const outcome = await Promise.race([run.exited, timer]);
  if (outcome === 'timeout') {
    run.child.kill('SIGKILL');
    throw new Error(`still running after ${ms} ms\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`);
  }
  return outcome;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

let simulator: SvcSimulator;
beforeAll(async () => {
  simulator = await startSvcSimulator();
});
afterAll(async () => {
  await simulator?.close();
});

describe('npm start (cli/local.ts)', () => {
  it('answers a bad flag with an error and a pointer to --help on stderr, and exit code 2', async () => {
    const run = runCli(['--intervall', '5s']);
    expect(await exitWithin(run, 20_000)).toBe(2);
    expect(run.stderr).toMatch(/^error: Unknown option '--intervall'.*\nRun with --help for usage\.\n$/);
    expect(run.stdout).toBe('');
  }, 30_000);

  it('prints its help on stdout for -h and exits 0', async () => {
    const run = runCli(['-h']);
    expect(await exitWithin(run, 20_000)).toBe(0);
    expect(run.stdout).toMatch(/^Usage: npm start -- \[options\]\n/);
    expect(run.stderr).toBe('');
  }, 30_000);

  it('answers a bad value and a bad configuration with exit code 2', async () => {
    const badValue = runCli(['--interval', '5 s']);
    const badConfig = runCli(['--memory', '--regions', 'ap-southeast-1,ap-southeast-3']);
    expect(await exitWithin(badValue, 20_000)).toBe(2);
    expect(badValue.stderr).toContain('error: --interval: "5 s" is not a duration');
    expect(await exitWithin(badConfig, 20_000)).toBe(2);
    expect(badConfig.stderr).toBe(
      'error: Invalid fleet configuration:\n  - --regions (probeRegions: at least 3 regions are needed for a majority)\n',
    );
  }, 30_000);

  it('judges a plain page as the probe command does: up, with the same default check', async () => {
    const page = createHttpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><body>It works</body></html>');
    });
    await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(page.address() as AddressInfo).port}/`;
    const port = await freePort();
    const run = runCli(['--memory', '--target', url, '--interval', '5s', '--port', String(port)]);
    try {
      let status = 'unknown';
      for (let i = 0; i < 300 && status === 'unknown'; i++) {
        await sleep(100);
        try {
          const res = await fetch(`http://127.0.0.1:${port}/status`);
          status = ((await res.json()) as { targets: TargetStatusView[] }).targets[0]?.status ?? 'unknown';
        } catch {
          // not listening yet
        }
      }
      let probed = '';
      const args = ['--url', url, '--retry-delay-ms', '0', '--json'];
      await runProbeCli(args, { stdout: (t) => (probed += t), stderr: () => {} });
      expect([status, JSON.parse(probed).status]).toEqual(['up', 'up']);
    } finally {
      run.child.kill('SIGTERM');
      await exitWithin(run, 15_000);
      await new Promise((resolve) => page.close(resolve));
    }
  }, 60_000);

  it('monitors one target, serves its status on /status, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), 'fleet-cli-'));
    const run = runCli([
      '--memory',
      '--target',
      simulator.wsdlUrl,
      '--check',
      'efaktur-wsdl',
      '--interval',
      '5s',
      '--port',
      String(port),
      '--data-dir',
      dataDir,
    ]);
    try {
      let views: TargetStatusView[] = [];
      for (let i = 0; i < 300 && !views.some((v) => v.status === 'up'); i++) {
        await sleep(100);
        try {
          const res = await fetch(`http://127.0.0.1:${port}/status`);
          views = ((await res.json()) as { targets: TargetStatusView[] }).targets;
        } catch {
          // not listening yet
        }
      }
      const id = `127-0-0-1-${new URL(simulator.baseUrl).port}`;
      expect(views.map((v) => [v.id, v.status])).toEqual([[id, 'up']]);
      for (let i = 0; i < 100 && !run.stdout.includes('first consensus status'); i++) await sleep(50);
      expect(run.stdout).toMatch(
        /first consensus status on http:\/\/127\.0\.0\.1:\d+\/status [\d.]+ m?s after start/,
      );
      expect(run.stdout).toContain(`  database:   in memory`);
    } finally {
      run.child.kill('SIGTERM');
    }
    expect(await exitWithin(run, 15_000)).toBe(0);
    expect(run.stdout).toContain('SIGTERM: stopping');
    expect(run.stdout).toContain(`stopped cleanly; port ${port} released`);
    expect(run.stderr).toBe('');
    expect(await portIsFree(port)).toBe(true);
    // Nothing was alerted: the target stayed up; the outbox file exists only once an alert is written.
    expect(() => readFileSync(join(dataDir, 'alerts.jsonl'))).toThrow();
  }, 60_000);
});
