import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  DEFAULT_QR_URL,
  DEFAULT_WSDL_URL,
  parseFleetConfig,
} from '../../../shared/config/fleet-config.js';
import { DJP_PRESETS, PRESET_IDS } from '../../../shared/presets/djp-presets.js';

function problems(raw: unknown): string[] {
  try {
    parseFleetConfig(raw);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  throw new Error('the configuration was accepted');
}

const KNOWN = 'known presets: svc-wsdl, svc-qr, coretax, enofa, web-efaktur, djponline';

describe('target presets', () => {
  it.each(PRESET_IDS)('"%s" resolves to a whole target', (id) => {
    const [target] = parseFleetConfig({ targets: [id] }).targets;
    const preset = DJP_PRESETS[id];
    expect(target).toMatchObject({ id, name: preset.name, url: preset.url, check: preset.check });
    expect(target?.retryDelayMs).toBe(2000);
    expect(preset.confirmed.length).toBeGreaterThan(0);
    expect(preset.assumptions.length).toBeGreaterThan(0);
  });

  it('keeps the default configuration: its targets are the two SVC presets, as before', () => {
    const defaults = parseFleetConfig({}).targets;
    expect(parseFleetConfig({ targets: ['svc-wsdl', 'svc-qr'] }).targets).toEqual(defaults);
    const settings = {
      timeoutMs: 10_000,
      degradedAfterMs: 3000,
      retryDelayMs: 2000,
      maxBodyBytes: 1024 * 1024,
    };
    expect(defaults).toEqual([
      {
        id: 'svc-wsdl',
        name: 'e-Faktur SVC',
        url: DEFAULT_WSDL_URL,
        check: 'efaktur-wsdl',
        ...settings,
        expectStatus: [200],
      },
      {
        id: 'svc-qr',
        name: 'e-Faktur QR validation',
        url: DEFAULT_QR_URL,
        check: 'efaktur-qr-validation',
        ...settings,
        expectStatus: [200],
      },
    ]);
    expect(DEFAULT_WSDL_URL).toBe('https://svc.efaktur.pajak.go.id/svc/MasterFakturService?wsdl');
    expect(DEFAULT_QR_URL).toBe(
      'http://svc.efaktur.pajak.go.id/validasi/faktur/000000000000000/0000000000000/0',
    );
  });

  it('replaces the fields an entry gives and keeps the rest of the preset', () => {
    const [coretax, second] = parseFleetConfig({
      targets: [
        {
          preset: 'coretax',
          url: 'http://127.0.0.1:8080/identityproviderportal/Account/Login',
          timeoutMs: 20_000,
          maxBodyBytes: 2 * 1024 * 1024,
          expectStatus: [200, 401],
          mustNotContain: 'Kesalahan Sistem',
        },
        {
          preset: 'coretax',
          id: 'coretax-invoice',
          name: 'Coretax e-Faktur',
          url: 'https://coretaxdjp.pajak.go.id/e-invoice-portal/',
        },
      ],
    }).targets;
    expect(coretax).toEqual({
      id: 'coretax',
      name: 'Coretax DJP',
      url: 'http://127.0.0.1:8080/identityproviderportal/Account/Login',
      check: 'djp-portal',
      timeoutMs: 20_000,
      degradedAfterMs: 5000,
      retryDelayMs: 2000,
      maxBodyBytes: 2 * 1024 * 1024,
      expectStatus: [200, 401],
      mustNotContain: 'Kesalahan Sistem',
    });
    expect(second).toMatchObject({ id: 'coretax-invoice', name: 'Coretax e-Faktur', check: 'djp-portal' });
  });

  it("drops the preset's slowness threshold when a shorter timeout leaves no room for it", () => {
    const [target] = parseFleetConfig({ targets: [{ preset: 'enofa', timeoutMs: 4000 }] }).targets;
    expect([target?.timeoutMs, target?.degradedAfterMs]).toEqual([4000, 3000]);
    expect(problems({ targets: [{ preset: 'enofa', timeoutMs: 4000, degradedAfterMs: 4000 }] })).toEqual([
      'targets[0].degradedAfterMs: must be less than timeoutMs (4000)',
    ]);
  });

  it.each([
    ['an unknown preset', ['coretx'], [`targets[0]: "coretx" is not a preset (${KNOWN})`]],
    [
      'an unknown preset in an object',
      [{ preset: 'efaktur' }],
      [`targets[0].preset: "efaktur" is not a preset (${KNOWN})`],
    ],
    ['a preset that is not a string', [{ preset: 7 }], [`targets[0].preset: it is not a preset (${KNOWN})`]],
    [
      'a preset with another check',
      [{ preset: 'coretax', check: 'http' }],
      [
        'targets[0].check: a preset\'s check is fixed ("djp-portal"): to use another, write the whole target without "preset"',
      ],
    ],
    [
      'the same preset twice',
      ['coretax', { preset: 'coretax', url: 'https://coretaxdjp.pajak.go.id/' }],
      [
        'targets[1].id: "coretax" is used twice (also by targets[0]); a preset used twice needs its own "id" in one of them',
      ],
    ],
    [
      'an unknown field beside a preset',
      [{ preset: 'enofa', urll: 'https://x.test/' }],
      ['targets[0].urll: unknown field'],
    ],
    [
      'a bad override',
      [{ preset: 'enofa', url: 'ftp://efaktur.pajak.go.id/', timeoutMs: 100 }],
      [
        'targets[0].url: "ftp://efaktur.pajak.go.id/" is not an http(s) URL',
        'targets[0].timeoutMs: must be at least 1000',
        'targets[0].degradedAfterMs: must be less than timeoutMs (100)',
      ],
    ],
    ['a number', [7], [`targets[0]: must be a preset id (${KNOWN.slice(7)}) or a target`]],
    ['null', [null], [`targets[0]: must be a preset id (${KNOWN.slice(7)}) or a target`]],
    ['a list', [['coretax']], [`targets[0]: must be a preset id (${KNOWN.slice(7)}) or a target`]],
  ])('%s is refused, naming the known presets or the field', (_what, targets, expected) => {
    expect(problems({ targets })).toEqual(expected);
  });

  it('quotes a hostile preset name escaped and cut', () => {
    const [line] = problems({ targets: [`\u001b[31m${'x'.repeat(10_000)}`] });
    expect(line).toMatch(/^targets\[0\]: "\\u001b\[31mx+" is not a preset/);
    expect(line?.length).toBeLessThan(200);
  });

  it('never lets an override reach the prototype', () => {
    const raw = JSON.parse('{"targets":[{"preset":"enofa","__proto__":{"check":"http"}}]}');
    expect(problems(raw)).toEqual(['targets[0].__proto__: unknown field']);
    expect(({} as Record<string, unknown>).check).toBeUndefined();
  });
});
