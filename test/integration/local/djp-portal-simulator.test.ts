import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ServiceMode,
  type SvcSimulator,
  startSvcSimulator,
} from '../../../local/simulator/svc-simulator.js';
import { parseFleetConfig } from '../../../shared/config/fleet-config.js';
import { attemptTarget } from '../../../shared/probe/probe-target.js';
import type { ReasonCode } from '../../../shared/types.js';

let sim: SvcSimulator;
beforeAll(async () => {
  sim = await startSvcSimulator();
});
afterAll(async () => {
  await sim?.close();
});

/** The presets pointed at the simulator, as a configuration would write them. */
function targets() {
  return parseFleetConfig({
    controlUrl: sim.controlUrl,
    targets: [
      { preset: 'coretax', url: sim.coretaxUrl },
      { preset: 'enofa', url: sim.enofaUrl },
      { preset: 'svc-wsdl', url: sim.wsdlUrl },
    ],
  }).targets;
}

describe('the simulator plays the DJP portals in every mode', () => {
  it.each<[ServiceMode, ReasonCode, ReasonCode, ReasonCode]>([
    ['up', 'ok', 'ok', 'ok'],
    ['error-shell', 'error_page', 'error_page', 'unexpected_body'],
    ['maintenance', 'maintenance_page', 'maintenance_page', 'maintenance_page'],
    ['bad-gateway', 'http_status', 'http_status', 'http_status'],
  ])('%s: coretax %s, enofa %s, svc-wsdl %s', async (mode, coretax, enofa, wsdl) => {
    sim.set({ service: mode });
    const outcomes = await Promise.all(targets().map((target) => attemptTarget(target)));
    expect(outcomes.map((o) => o.reason)).toEqual([coretax, enofa, wsdl]);
  });

  it("follows Coretax's redirect to its sign-in page", async () => {
    sim.set({ service: 'up' });
    const [coretax] = targets();
    const outcome = await attemptTarget(coretax!);
    expect(outcome.redirects).toEqual([`${sim.baseUrl}/identityproviderportal/Account/Login`]);
    expect(outcome.detail).toBe('login page "Masuk - Coretax DJP"');
  });
});
