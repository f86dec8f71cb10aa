import { mkdirSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoScenario, type ScenarioStage } from '../../local/demo/demo-scenario.js';
import { runScenario, type ScenarioTime } from '../../local/demo/scenario-driver.js';
import { DrivenTimeline } from '../../local/fleet-timeline.js';
import { type LocalFleet, startLocalFleet } from '../../local/local-fleet.js';
import { type SvcSimulator, startSvcSimulator } from '../../local/simulator/svc-simulator.js';
import { PAGE_TEXT } from '../../shared/api/page/page-text.js';
import { voteLine } from '../../shared/api/page/status-page.js';
import type { TargetStatusView } from '../../shared/api/target-view.js';
import { parseFleetConfig } from '../../shared/config/fleet-config.js';
import type { ConsensusStatus, Locale } from '../../shared/types.js';
import { launchChromium } from './chromium.js';

/**
 * The status page in real headless Chromium, served by local mode against the SVC simulator while the demo
 * scenario plays: at each stage, in both languages and at a phone's and a desktop's width, the page shows the
 * words and the evidence `/status` stands for, with no console error, no failed request, nothing from another
 * host, no sideways scroll on a phone, and no serious or critical axe-core finding.
 * The fleet runs on a driven timeline: it moves only between checks, so what the page shows cannot change while
 * it is checked, however slow the machine. Screenshots go to `test/browser/screenshots/` (git-ignored).
 */
const INTERVAL_MS = 500;
const START = Date.parse('2026-03-16T03:00:00.000Z');
const REGIONS = ['ap-southeast-3', 'ap-southeast-1', 'ap-northeast-1'];
const LONELY = 'ap-northeast-1';
const TARGETS = ['svc-wsdl', 'svc-qr'];
const LOCALES: readonly Locale[] = ['id', 'en'];
const WIDTHS = [375, 1280];
/** How long a page may take to show what the (frozen) fleet says: a guard against a hang, not a requirement. */
const HANG_GUARD_MS = 60_000;
const SCREENSHOTS = join(import.meta.dirname, 'screenshots');
const axeSource = (createRequire(import.meta.url)('axe-core') as { source: string }).source;

const timeline = new DrivenTimeline({ startMs: START });
const time: ScenarioTime = { now: () => timeline.now(), wait: (ms) => timeline.advance(ms) };
let simulator: SvcSimulator;
let fleet: LocalFleet;
let browser: Browser;
/** Why Chromium could not start: every test then fails with it (a failing hook would only skip them). */
let launchFailure: unknown;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  simulator = await startSvcSimulator();
  // Latency is measured on the real clock: bounds no load can reach keep a slow machine's answers `up`.
  const bounds = { timeoutMs: 10_000, degradedAfterMs: 9000, retryDelayMs: 0 };
  fleet = await startLocalFleet({
    config: parseFleetConfig({
      probeRegions: REGIONS,
      controlUrl: simulator.controlUrl,
      targets: [
        { id: 'svc-wsdl', name: 'e-Faktur SVC', url: simulator.wsdlUrl, check: 'efaktur-wsdl', ...bounds },
        {
          id: 'svc-qr',
          name: 'e-Faktur QR',
          url: simulator.qrUrl,
          check: 'efaktur-qr-validation',
          ...bounds,
        },
      ],
      policy: { recoveryHoldSeconds: 1 },
    }),
    intervalMs: INTERVAL_MS,
    port: 0,
    dataDir: null,
    outboxFile: join(mkdtempSync(join(tmpdir(), 'fleet-browser-')), 'alerts.jsonl'),
    version: '0.0.0-test',
    reporter: { log: () => {}, changed: () => {} },
    timeline,
  });
  try {
    browser = await launchChromium();
  } catch (error) {
    launchFailure = error;
  }
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await fleet?.stop();
  await simulator?.close();
});

/** What the page must show for a verdict: a stale one is not shown as the status. */
const shown = (view: TargetStatusView): ConsensusStatus => (view.stale ? 'unknown' : view.status);

async function statusViews(): Promise<Map<string, TargetStatusView>> {
  const res = await fetch(`${fleet.apiUrl}/status`);
  expect(res.status).toBe(200);
  const { targets } = (await res.json()) as { targets: TargetStatusView[] };
  return new Map(targets.map((t) => [t.id, t]));
}

async function statusNow(): Promise<Map<string, ConsensusStatus>> {
  return new Map([...(await statusViews())].map(([id, view]) => [id, shown(view)]));
}

interface PageProblems {
  readonly console: string[];
  readonly failed: string[];
  readonly foreign: string[];
}

/** A context that records every console error, failed or refused request, and request to another host. */
async function watchedContext(options: { width: number; javaScript: boolean }) {
  if (launchFailure !== undefined) throw launchFailure;
  const problems: PageProblems = { console: [], failed: [], foreign: [] };
  const context: BrowserContext = await browser.newContext({
    viewport: { width: options.width, height: 900 },
    javaScriptEnabled: options.javaScript,
  });
  context.setDefaultTimeout(HANG_GUARD_MS);
  context.setDefaultNavigationTimeout(HANG_GUARD_MS);
  const origin = new URL(fleet.apiUrl).origin;
  await context.route(
    (url) => url.origin !== origin && url.protocol !== 'data:',
    (route) => {
      problems.foreign.push(route.request().url());
      return route.abort();
    },
  );
  context.on('console', (message) => {
    if (message.type() === 'error') problems.console.push(message.text());
  });
  context.on('weberror', (error) => problems.console.push(error.error().message));
  context.on('requestfailed', (request) =>
    problems.failed.push(`${request.url()} ${request.failure()?.errorText}`),
  );
  context.on('response', (response) => {
    if (response.status() >= 400) problems.failed.push(`${response.url()} ${response.status()}`);
  });
  return { context, problems };
}

// Scripts run in the page (the test is type-checked without the DOM's types).
const CARDS = `[...document.querySelectorAll('section[data-status]')].map((e) => ({
  id: e.id.replace(/^t-/, ''),
  status: e.dataset.status,
  word: e.querySelector('.answer')?.innerText.trim() ?? '',
  visible: e.querySelector('.answer')?.checkVisibility() ?? false,
  evidence: [...e.querySelectorAll('ul.votes > li > span:last-child')].map((s) => s.innerText.trim()),
}))`;
const WIDTH = '[document.documentElement.scrollWidth, window.innerWidth]';
const AXE = `axe.run(document).then((r) => r.violations.map((v) => ({
  id: v.id,
  impact: v.impact,
  targets: v.nodes.map((n) => n.target),
})))`;

interface Card {
  readonly id: string;
  readonly status: string;
  readonly word: string;
  readonly visible: boolean;
  readonly evidence: readonly string[];
}

/** Each target's card as a person sees it. */
async function cardsOf(page: Page): Promise<Map<string, Card>> {
  const cards = (await page.evaluate(CARDS)) as Card[];
  return new Map(cards.map((c) => [c.id, c]));
}

/** axe-core's serious and critical findings; its script is evaluated by the driver, which the page's CSP allows. */
async function axeFindings(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const violations = (await page.evaluate(AXE)) as {
    id: string;
    impact: string | null;
    targets: unknown[];
  }[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${JSON.stringify(v.targets).slice(0, 300)}`);
}

/** Checks the page at one stage, in one language, at one width, while the fleet stands still. */
async function checkPage(stage: string, locale: Locale, width: number): Promise<void> {
  const { context, problems } = await watchedContext({ width, javaScript: true });
  try {
    const page = await context.newPage();
    const views = await statusViews();
    await page.goto(`${fleet.apiUrl}/?lang=${locale}`, { waitUntil: 'load' });
    const cards = await cardsOf(page);
    // Nothing moved meanwhile: the timeline only advances between checks.
    expect(await statusViews(), 'the fleet moved during a check').toEqual(views);
    const text = PAGE_TEXT[locale];
    for (const id of TARGETS) {
      const view = views.get(id)!;
      expect(cards.get(id), `${stage} ${locale} ${width} ${id}`).toEqual({
        id,
        status: shown(view),
        word: text.status[shown(view)],
        visible: true,
        evidence: view.votes.map((vote) => voteLine(vote, text)),
      });
    }
    if (width <= 375) {
      const [scrollWidth, innerWidth] = (await page.evaluate(WIDTH)) as [number, number];
      expect(scrollWidth, `${stage} ${locale}: sideways scroll at ${width} px`).toBeLessThanOrEqual(
        innerWidth,
      );
    }
    expect(await axeFindings(page), `${stage} ${locale} ${width}`).toEqual([]);
    await page.screenshot({
      path: join(SCREENSHOTS, `${stage}-${locale}-${width}.png`),
      fullPage: width > 375,
    });
    expect(problems, `${stage} ${locale} ${width}`).toEqual({ console: [], failed: [], foreign: [] });
  } finally {
    await context.close();
  }
}

/** Plays one stage of the demo on the driven timeline; `check` runs once the stage holds, before its hold. */
async function playStage(stage: ScenarioStage, check: () => Promise<void>): Promise<void> {
  const outcome = await runScenario({
    stages: [stage],
    simulator,
    targetIds: TARGETS,
    intervalMs: INTERVAL_MS,
    statuses: statusNow,
    log: () => {},
    stageTimeoutMs: 20 * INTERVAL_MS,
    onReached: check,
    pollMs: 50,
    time,
  });
  expect(outcome.completed, `stage ${stage.name} reached ${stage.expect}`).toBe(true);
}

/** Advances the fleet an interval at a time (at most 10) until every target shows a vote `LONELY` lost. */
async function untilLonelyExcluded(): Promise<void> {
  for (let i = 0; i < 10; i++) {
    const views = [...(await statusViews()).values()];
    if (views.every((v) => v.votes.some((vote) => vote.region === LONELY && vote.excluded !== null))) return;
    await timeline.advance(INTERVAL_MS);
  }
  throw new Error(`${LONELY}'s vote was never set aside within 10 intervals`);
}

describe('the status page in Chromium while the demo plays', () => {
  // One page stays open from the start, on its own (real) timers: it must follow the stages without a reload.
  let live: Awaited<ReturnType<typeof watchedContext>>;
  let livePage: Page;
  let navigations = 0;

  /** Waits until the open page, refreshing itself, shows `status` for every target (the fleet stands still). */
  async function liveShows(status: ConsensusStatus): Promise<void> {
    await Promise.all(
      TARGETS.map((id) =>
        livePage.locator(`#t-${id}[data-status="${status}"]`).waitFor({ timeout: HANG_GUARD_MS }),
      ),
    );
  }

  it.each(demoScenario(REGIONS).map((stage) => [stage.name, stage] as const))(
    '%s: shows what /status says, in both languages, on a phone and a desktop',
    async (name, stage) => {
      await playStage(stage, async () => {
        if (name === 'up') {
          live = await watchedContext({ width: 1280, javaScript: true });
          livePage = await live.context.newPage();
          livePage.on('framenavigated', (frame) => {
            if (frame === livePage.mainFrame()) navigations++;
          });
          await livePage.goto(`${fleet.apiUrl}/?lang=id`, { waitUntil: 'load' });
        }
        if (name === 'regional-network') await untilLonelyExcluded();
        await liveShows(stage.expect);
        for (const locale of LOCALES) {
          for (const width of WIDTHS) await checkPage(name, locale, width);
        }
      });
    },
    300_000,
  );

  it('followed every stage on the page opened at the start, without a reload, and said so to screen readers', async () => {
    expect(navigations).toBe(1);
    expect(await livePage.locator('#live').textContent()).toMatch(/^e-Faktur (SVC|QR): NORMAL/);
    expect(live.problems).toEqual({ console: [], failed: [], foreign: [] });
    await live.context.close();
  });

  it('prints the report of what just happened, and exports it for Excel', async () => {
    for (const locale of LOCALES) {
      for (const width of WIDTHS) {
        const { context, problems } = await watchedContext({ width, javaScript: true });
        const page = await context.newPage();
        await page.goto(`${fleet.apiUrl}/report?lang=${locale}`, { waitUntil: 'load' });
        const table = await page.locator('table').nth(1).innerText();
        expect(table).toContain(PAGE_TEXT[locale].status.maintenance);
        expect(table).toContain(PAGE_TEXT[locale].status.down);
        expect(await axeFindings(page), `report ${locale} ${width}`).toEqual([]);
        await page.screenshot({ path: join(SCREENSHOTS, `report-${locale}-${width}.png`), fullPage: true });
        await page.emulateMedia({ media: 'print' });
        expect(await page.locator('form').isVisible()).toBe(false);
        expect(problems, `report ${locale} ${width}`).toEqual({ console: [], failed: [], foreign: [] });
        await context.close();
      }
    }
    const csv = await (await fetch(`${fleet.apiUrl}/incidents.csv`)).text();
    const rows = csv.split('\r\n').slice(1, -1);
    for (const id of TARGETS) {
      const kinds = rows.filter((r) => r.startsWith(`"${id}";`)).map((r) => r.split(';')[2]);
      expect(kinds, id).toEqual(['"PEMELIHARAAN"', '"GANGGUAN"']);
    }
  });

  it('works without JavaScript: the answers are there and the form subscribes', async () => {
    const { context, problems } = await watchedContext({ width: 375, javaScript: false });
    const page = await context.newPage();
    await page.goto(`${fleet.apiUrl}/`, { waitUntil: 'load' });
    const cards = await cardsOf(page);
    const now = await statusNow();
    for (const id of TARGETS)
      expect([cards.get(id)?.status, cards.get(id)?.visible]).toEqual([now.get(id), true]);
    await page.getByLabel('Alamat email').fill('kantor@example.co.id');
    await page.getByRole('button', { name: 'Berlangganan' }).click();
    await page.waitForURL(/subscription=pending_confirmation#subscribe$/);
    expect(await page.getByRole('status').innerText()).toContain('Periksa kotak masuk');
    await page.screenshot({ path: join(SCREENSHOTS, 'subscribed-no-javascript-id-375.png') });
    expect(problems).toEqual({ console: [], failed: [], foreign: [] });
    await context.close();
  });
});
