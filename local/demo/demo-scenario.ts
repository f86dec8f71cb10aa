import type { ConsensusStatus } from '../../shared/types.js';
import type { SimulatorState } from '../simulator/svc-simulator.js';

/** One step of the demo: what the simulated SVC host does, and what the fleet should conclude from it. */
export interface ScenarioStage {
  readonly name: 'up' | 'regional-network' | 'maintenance' | 'down' | 'recovered';
  /** Printed when the stage begins. */
  readonly description: string;
  /** Applied to the simulator when the stage begins (fields left out are reset to their defaults). */
  readonly simulator: Pick<SimulatorState, 'service' | 'offlineRegions' | 'regionService'>;
  /** The consensus every target must show before the stage's hold begins. */
  readonly expect: ConsensusStatus;
  /** Probe intervals to stay in the stage once `expect` holds, so people (and the API) can see it. */
  readonly holdIntervals: number;
}

/**
 * The demo: up → one region's own network failing alone (its target and control URL both fail: no vote, no
 * alert) → maintenance → down (connection resets, a 502 from the proxy in one region) → up again.
 * At 5 s intervals and a 15 s recovery hold it plays in about two minutes.
 */
export function demoScenario(regions: readonly string[]): ScenarioStage[] {
  const lonely = regions[regions.length - 1] ?? '';
  const proxied = regions[1] ?? lonely;
  return [
    {
      name: 'up',
      description: 'the SVC server answers its WSDL to every region',
      simulator: { service: 'up', offlineRegions: [], regionService: {} },
      expect: 'up',
      holdIntervals: 2,
    },
    {
      name: 'regional-network',
      description: `${lonely}'s own network fails (the SVC server and the control URL both unreachable from there): a regional problem, no alert`,
      simulator: { service: 'up', offlineRegions: [lonely], regionService: {} },
      expect: 'up',
      holdIntervals: 5,
    },
    {
      name: 'maintenance',
      description: 'DJP starts a release: every region sees "Service e-Faktur sedang dalam perbaikan ..."',
      simulator: { service: 'maintenance', offlineRegions: [], regionService: {} },
      expect: 'maintenance',
      holdIntervals: 2,
    },
    {
      name: 'down',
      description: `the SVC server goes down: connections reset, ${proxied} gets HTTP 502 from the proxy`,
      simulator: { service: 'reset', offlineRegions: [], regionService: { [proxied]: 'bad-gateway' } },
      expect: 'down',
      holdIntervals: 2,
    },
    {
      name: 'recovered',
      description: 'the SVC server is back: the fleet declares it up after the recovery hold',
      simulator: { service: 'up', offlineRegions: [], regionService: {} },
      expect: 'up',
      holdIntervals: 2,
    },
  ];
}
