import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_RECOVERY_HOLD_INTERVALS, demoConfig } from '../../../local/demo/demo-config.js';
import { resolveLocalConfig } from '../../../local/local-config.js';
import type { SvcSimulator } from '../../../local/simulator/svc-simulator.js';
import { FleetModel } from '../../../local/view/fleet-snapshot.js';
import { TerminalView } from '../../../local/view/terminal-view.js';
import { resolvePolicy } from '../../../shared/config/fleet-config.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const SIMULATOR = {
  baseUrl: 'http://127.0.0.1:9',
  wsdlUrl: 'http://127.0.0.1:9/svc?wsdl',
  qrUrl: 'http://127.0.0.1:9/qr',
  controlUrl: 'http://127.0.0.1:9/control',
} as unknown as SvcSimulator;

/** What `npm run demo -- --config <file>` plays with. */
function demoWith(file: object | null) {
  let path: string | undefined;
  if (file !== null) {
    path = join(mkdtempSync(join(tmpdir(), 'demo-config-')), 'fleet.json');
    writeFileSync(path, JSON.stringify(file));
  }
  const base = resolveLocalConfig({ cdkJsonPath: join(ROOT, 'cdk.json'), file: path });
  return demoConfig(base, SIMULATOR, 5);
}

function viewHeader(locale: 'en' | 'id'): string {
  const config = demoWith({ locale });
  const model = new FleetModel(
    config.targets.map((t) => ({ id: t.id, name: t.name })),
    config.probeRegions,
    resolvePolicy(config),
  );
  let text = '';
  const out = { isTTY: true, columns: 80, write: (t: string) => (text += t) };
  const view = new TerminalView(out, () => model.snapshot(), { color: false, locale: config.locale });
  view.start();
  view.stop();
  return text.split('\n')[0]!;
}

describe('the demo with --config', () => {
  it('takes the language and the policy of the file, with its own targets and recovery hold', () => {
    const config = demoWith({
      locale: 'en',
      policy: { quorum: 3, staleAfterIntervals: 4, longOutageMinutes: 30 },
    });
    expect(config.locale).toBe('en');
    expect(config.policy).toMatchObject({
      quorum: 3,
      staleAfterIntervals: 4,
      longOutageMinutes: 30,
      recoveryHoldSeconds: DEMO_RECOVERY_HOLD_INTERVALS * 5,
    });
    expect(config.targets.map((t) => t.id)).toEqual(['svc-wsdl', 'svc-qr']);
  });

  it('differs from the demo without a file, so the file is what changed it', () => {
    const config = demoWith(null);
    expect(config.policy.quorum).toBe('majority');
    expect(config.policy.staleAfterIntervals).not.toBe(4);
  });

  it.each([
    ['en', 'fleet status'],
    ['id', 'status armada'],
  ] as const)('its view speaks the file’s language: %s', (locale, title) => {
    expect(viewHeader(locale)).toContain(`── ${title} `);
  });
});
