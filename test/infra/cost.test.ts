import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { firingsPerHour, readAssembly } from '../../cost/assembly.js';
import { DEFAULT_ASSUMPTIONS, estimate } from '../../cost/estimate.js';
import { buildReport, markdown, TARGETS, withTargets } from '../../cost/report.js';
import { configFrom, parseArgs, README_BEGIN, README_END, replaceSection } from '../../cost/run.js';
import { parseFleetConfig } from '../../shared/config/fleet-config.js';

const config = configFrom({});
const report = buildReport(config, DEFAULT_ASSUMPTIONS);
const dir = mkdtempSync(join(tmpdir(), 'fleet-cost-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run cost', () => {
  it("is the README's Cost section, word for word (npm run cost -- --write-readme)", () => {
    const readme = readFileSync('README.md', 'utf8');
    const section = readme.slice(
      readme.indexOf(README_BEGIN) + README_BEGIN.length,
      readme.indexOf(README_END),
    );
    expect(section.trim()).toBe(markdown(report, DEFAULT_ASSUMPTIONS).trim());
  });

  it('meets every target for the default fleet, which has no dashboard; says plainly what the dashboard adds', () => {
    const { base, perTarget, withDashboard } = report;
    expect(config.dashboard).toBe(false);
    expect(base.listUsd).toBeLessThanOrEqual(TARGETS.listUsd);
    expect(perTarget.listUsd).toBeLessThanOrEqual(TARGETS.perTargetUsd);
    expect(perTarget.listUsd).toBeGreaterThan(0.2);
    expect(base.freeUsd).toBeLessThanOrEqual(TARGETS.freeUsd);
    expect(base.lines.some((l) => l.item === 'dashboard')).toBe(false);
    // The dashboard's list price is on its own line, over the target with it, and free within the allowances.
    expect(withDashboard.dashboardListUsd).toBe(3);
    expect(withDashboard.listUsd).toBeGreaterThan(TARGETS.listUsd);
    expect(withDashboard.listUsd - base.listUsd).toBeCloseTo(withDashboard.dashboardUsd.listUsd, 6);
    expect(report.withoutDashboard.listUsd).toBeCloseTo(base.listUsd, 6);
    expect(withDashboard.freeUsd).toBeLessThanOrEqual(TARGETS.freeUsd);
    const text = markdown(report, DEFAULT_ASSUMPTIONS);
    expect(text).toContain('list price ≤ 5.00: met');
    expect(text).toMatch(/with the dashboard \d+\.\d\d, \*\*missed\*\*/);
  });

  it('bills as many custom metrics and alarms for 100 targets in 5 regions as for the default fleet', () => {
    const big = parseFleetConfig({
      ...withTargets(config, 100),
      probeRegions: ['ap-southeast-3', 'ap-southeast-1', 'ap-northeast-1', 'ap-south-1', 'us-west-2'],
    });
    const small = readAssembly(config);
    const large = readAssembly(big);
    expect(large.alarmMetrics).toEqual(small.alarmMetrics);
    expect(small.alarmMetrics).toHaveLength(10);
    const line = (e: ReturnType<typeof estimate>, item: string) =>
      e.lines.find((l) => l.item === item)!.listUsd;
    for (const item of ['custom metrics', 'alarms'])
      expect(line(estimate(big, large), item)).toBe(line(estimate(config, small), item));
    const bigDashboard = readAssembly(parseFleetConfig({ ...big, dashboard: true })).dashboard!;
    expect(bigDashboard.metrics + bigDashboard.alarms).toBeLessThanOrEqual(50);
  });

  it('changes with every assumption flag', () => {
    const base = report.base;
    const more = estimate(config, readAssembly(config), {
      ...DEFAULT_ASSUMPTIONS,
      sms: 20,
      apiRequests: 1e6,
    });
    expect(more.lines.find((l) => l.item === 'SMS')?.listUsd).toBeCloseTo(20 * DEFAULT_ASSUMPTIONS.smsPrice);
    expect(more.listUsd).toBeGreaterThan(base.listUsd + 7);
  });

  it('reads a configuration file as cdk does (-c fleetFile=…)', () => {
    const file = join(dir, 'fleet.json');
    writeFileSync(file, JSON.stringify({ probeIntervalSeconds: 300, dashboard: false }));
    const args = parseArgs(['-c', `fleetFile=${file}`, '--sms', '10', '--no-scaling', '--markdown']);
    expect(args).toMatchObject({ context: { fleetFile: file }, output: 'markdown', scaling: false });
    expect(args.assumptions.sms).toBe(10);
    const slow = configFrom(args.context);
    expect(slow.probeIntervalSeconds).toBe(300);
    const e = estimate(slow, readAssembly(slow));
    expect(e.dashboardListUsd).toBe(0);
    expect(e.lines.some((l) => l.item === 'dashboard')).toBe(false);
  });

  it.each([
    ['--sms', '-1'],
    ['--api-requests', 'many'],
    ['--nope', '1'],
  ])('refuses %s %s', (flag, value) => {
    expect(() => parseArgs([flag, value])).toThrow();
  });

  it.each([
    ['cron(* * * * ? *)', 60],
    ['cron(9/10 * * * ? *)', 6],
    ['cron(59 * * * ? *)', 1],
    ['cron(0,20,40 * * * ? *)', 3],
    ['rate(1 minute)', 60],
    ['rate(5 minutes)', 12],
  ])('counts %s as %i firings an hour', (expression, perHour) => {
    expect(firingsPerHour(expression)).toBe(perHour);
  });

  it('replaces only the generated section of the README', () => {
    const readme = `# x\n${README_BEGIN}\nold\n${README_END}\nafter\n`;
    expect(replaceSection(readme, 'new')).toBe(`# x\n${README_BEGIN}\nnew\n${README_END}\nafter\n`);
    expect(() => replaceSection('# no markers', 'new')).toThrow(/no .* section/);
  });
});
