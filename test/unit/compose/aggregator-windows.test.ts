import { describe, expect, it } from 'vitest';
import { composeAggregator } from '../../../functions/compose/aggregator.js';
import { silentSinks } from '../../../functions/compose/silent-sinks.js';
import { parseFleetConfig } from '../../../shared/config/fleet-config.js';
import type {
  MaintenanceWindow,
  MaintenanceWindowSource,
} from '../../../shared/maintenance/maintenance-window.js';
import { world } from '../consensus/evaluation-fakes.js';
import { iso, REGIONS } from '../consensus/fleet-harness.js';

const config = parseFleetConfig({
  probeRegions: [...REGIONS],
  targets: [
    { id: 'svc-wsdl', name: 'e-Faktur SVC', url: 'https://svc.example.test/?wsdl', check: 'efaktur-wsdl' },
  ],
});

function operatorWindow(start: number, end: number): MaintenanceWindow {
  return {
    id: 'op-1',
    targets: ['svc-wsdl'],
    start: iso(start),
    end: iso(end),
    note: 'PENG-1/PJ/2026',
    source: 'operator',
  };
}

/** The composed aggregator, as the Lambda and local mode build it, with the operator's windows given. */
function aggregator(w: ReturnType<typeof world>, operatorWindows?: MaintenanceWindowSource) {
  return composeAggregator({
    config,
    stores: { results: w.results, states: w.states, transitions: w.transitions },
    publisher: w.publisher,
    trigger: w.trigger,
    clock: w.clock.now,
    sinks: silentSinks('efaktur-aggregator'),
    ...(operatorWindows !== undefined && { operatorWindows }),
  });
}

async function failingOutage(w: ReturnType<typeof world>, handler: ReturnType<typeof aggregator>) {
  for (const seconds of [0, 60]) {
    w.clock.seconds = seconds;
    await w.round(seconds, ['up', 'up', 'up']);
    await handler({ source: 'sweep' });
  }
  for (const seconds of [120, 140, 160, 180]) {
    w.clock.seconds = seconds;
    await w.round(seconds, ['down', 'down', 'down']);
    await handler({ source: 'sweep' });
  }
  return w.states.get('svc-wsdl');
}

describe("the composed aggregator reads the operator's maintenance windows", () => {
  it('tells a failure inside an operator window as announced maintenance', async () => {
    const w = world();
    const windows: MaintenanceWindowSource = { list: async () => [operatorWindow(100, 4000)] };
    const state = await failingOutage(w, aggregator(w, windows));
    expect(state).toMatchObject({ status: 'maintenance', rule: 'announced_maintenance' });
  });

  it('without it, the same failure is an outage', async () => {
    const w = world();
    const state = await failingOutage(w, aggregator(w));
    expect(state?.status).toBe('down');
  });

  it('keeps deciding when the operator store cannot be read: the configuration windows apply', async () => {
    const w = world();
    const broken: MaintenanceWindowSource = {
      list: async () => {
        throw new Error('AccessDeniedException');
      },
    };
    const state = await failingOutage(w, aggregator(w, broken));
    expect(state?.status).toBe('down');
  });
});
