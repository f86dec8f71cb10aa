import type { App } from 'aws-cdk-lib';
import type { FleetConfig } from '../shared/config/fleet-config.js';
import { STACK_IDS } from './fleet-names.js';
import { probePhase } from './probe-phases.js';
import { HomeStack } from './stacks/home-stack.js';
import { ProbeStack } from './stacks/probe-stack.js';

/** Handler files, for tests that bundle small stand-ins; each defaults to its `FUNCTION_ENTRIES` path. */
export interface FleetEntries {
  readonly probe?: string;
  readonly aggregator?: string;
  readonly api?: string;
}

export interface FleetStacks {
  readonly home: HomeStack;
  /** One per probe region, in the order of `config.probeRegions`. */
  readonly probes: readonly ProbeStack[];
}

/**
 * Adds every stack of the fleet to `app`, driven only by the validated configuration: the home stack in the home
 * region and one probe stack per probe region, each depending on the home stack (its table must exist first).
 */
export function addFleetStacks(app: App, config: FleetConfig, entries: FleetEntries = {}): FleetStacks {
  // A schedule the configuration cannot have is a configuration error: report it before building anything.
  probePhase(config.probeIntervalSeconds, 0, config.probeRegions.length);
  const account = process.env.CDK_DEFAULT_ACCOUNT;
  const home = new HomeStack(app, STACK_IDS.home, {
    env: { region: config.homeRegion, account },
    config,
    entries: { aggregator: entries.aggregator, api: entries.api },
    description: 'e-Faktur probe fleet: table, consensus, alerts, API, dashboard and alarms',
  });
  const probes = config.probeRegions.map((region) => {
    const probe = new ProbeStack(app, STACK_IDS.probe(region), {
      env: { region, account },
      config,
      probeRegion: region,
      probeEntry: entries.probe,
      description: `e-Faktur probe fleet: the probe of ${region}, its schedule and alarms`,
    });
    probe.addStackDependency(home, 'probes write to the home table');
    return probe;
  });
  return { home, probes };
}
