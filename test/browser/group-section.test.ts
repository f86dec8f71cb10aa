import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStatusApi } from '../../shared/api/status-api.js';
import { parseFleetConfig } from '../../shared/config/fleet-config.js';
import type { Locale } from '../../shared/types.js';
import { apiRequest, fetchApi, makeDeps, REGIONS, state } from '../unit/api/fixtures.js';
import { launchChromium } from './chromium.js';

/**
 * The status page's groups section in real headless Chromium: the page is rendered by the API (memory stores) and
 * loaded as it is, with its script, without any network.
 */
const config = parseFleetConfig({
  probeRegions: [...REGIONS],
  targets: [
    { id: 'svc-wsdl', name: 'e-Faktur SVC', url: 'https://svc.example.test/wsdl', check: 'efaktur-wsdl' },
    { id: 'coretax', name: 'Coretax', url: 'https://coretax.example.test/', check: 'http' },
  ],
  groups: [{ id: 'faktur', name: 'Buat & unggah faktur', targets: ['coretax', 'svc-wsdl'] }],
});

let browser: Browser;
let launchFailure: unknown;
beforeAll(async () => {
  try {
    browser = await launchChromium();
  } catch (error) {
    launchFailure = error;
  }
}, 120_000);
afterAll(async () => {
  await browser?.close();
});

async function pageHtml(locale: Locale): Promise<string> {
  const deps = makeDeps({ config });
  await deps.states.save(state({ targetId: 'svc-wsdl', status: 'up' }), null);
  await deps.states.save(
    state({ targetId: 'coretax', status: 'down', since: '2026-03-15T03:00:00.000Z' }),
    null,
  );
  await deps.states.save(
    state({ targetId: 'group:faktur', status: 'down', since: '2026-03-15T03:00:00.000Z', votes: [] }),
    null,
  );
  const res = await fetchApi(createStatusApi(deps), apiRequest('GET', `/?format=html&lang=${locale}`));
  expect(res.status).toBe(200);
  return res.body;
}

describe('the groups on the status page (headless Chromium)', () => {
  it.each<[Locale, string, string, RegExp]>([
    ['id', 'GANGGUAN', 'Coretax: GANGGUAN (menentukan status grup)', /status terburuk/],
    ['en', 'DOWN', "Coretax: DOWN (sets the group's status)", /worst status/],
  ])(
    'shows the group above its members in %s, the member behind its status named',
    async (locale, word, member, rule) => {
      if (launchFailure !== undefined) throw launchFailure;
      const page = await browser.newPage();
      try {
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(e.message));
        await page.setContent(await pageHtml(locale), { waitUntil: 'load' });
        const group = page.locator('#g-faktur');
        await expect(group.locator('h2').textContent()).resolves.toBe('Buat & unggah faktur');
        await expect(group.locator('.answer').textContent()).resolves.toContain(word);
        await expect(group.getAttribute('data-status')).resolves.toBe('down');
        const members = await group.locator('li').allTextContents();
        expect(members.map((m) => m.trim())).toEqual([
          member,
          `e-Faktur SVC: ${locale === 'id' ? 'NORMAL' : 'UP'}`,
        ]);
        await expect(group.locator('p.muted').textContent()).resolves.toMatch(rule);
        // Above the members' own cards, and each member links to its card.
        const order = await page.evaluate("[...document.querySelectorAll('section.card')].map((s) => s.id)");
        expect(order).toEqual(['g-faktur', 't-svc-wsdl', 't-coretax']);
        await group.locator('a[href="#t-coretax"]').click();
        expect(page.url()).toMatch(/#t-coretax$/);
        expect(errors).toEqual([]);
      } finally {
        await page.close();
      }
    },
  );
});
