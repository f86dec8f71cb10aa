import { type App, Stack } from 'aws-cdk-lib';
import type { FleetConfig } from '../shared/config/fleet-config.js';
import { fleetNames } from './fleet-names.js';
import { probePhase } from './probe-phases.js';
import { HomeStack } from './stacks/home-stack.js';
import { ProbeStack } from './stacks/probe-stack.js';

/** Handler files, for tests that bundle small stand-ins; each defaults to its `FUNCTION_ENTRIES` path. */
export interface FleetEntries {
  readonly probe?: string;
  readonly aggregator?: string;
  readonly api?: string;
  readonly notifier?: string;
}

export interface FleetStacks {
  readonly home: HomeStack;
  /** One per probe region, in the order of `config.probeRegions`. */
  readonly probes: readonly ProbeStack[];
  /** One empty stack per retired region (`config.retiredProbeRegions`), in its order. */
  readonly retired: readonly Stack[];
}

/**
 * Adds every stack of the fleet to `app`, driven only by the validated configuration: the home stack in the home
 * region and one probe stack per probe region, each depending on the home stack (its table must exist first).
 */
export function addFleetStacks(app: App, config: FleetConfig, entries: FleetEntries = {}): FleetStacks {
  // A schedule the configuration cannot have is a configuration error: report it before building anything.
  probePhase(config.probeIntervalSeconds, 0, config.probeRegions.length);
  const account = process.env.CDK_DEFAULT_ACCOUNT;
  const names = fleetNames(config.fleetName);
  const home = new HomeStack(app, names.stacks.home, {
    env: { region: config.homeRegion, account },
    config,
    entries: { aggregator: entries.aggregator, api: entries.api, notifier: entries.notifier },
    description: 'e-Faktur probe fleet: table, consensus, alerts, API, dashboard and alarms',
  });
  const probes = config.probeRegions.map((region) => {
    const probe = new ProbeStack(app, names.stacks.probe(region), {
      env: { region, account },
      config,
      probeRegion: region,
      probeEntry: entries.probe,
      description: `e-Faktur probe fleet: the probe of ${region}, its schedule and alarms`,
    });
    probe.addStackDependency(home, 'probes write to the home table');
    return probe;
  });
  // A retired region keeps its stack id with no resources: `cdk deploy` deletes a deployed stack that has become
  // empty (and `cdk destroy` can still name it), so a region taken out of the fleet stops probing.
  const retired = config.retiredProbeRegions.map(
    (region) =>
      new Stack(app, names.stacks.probe(region), {
        env: { region, account },
        analyticsReporting: false,
        description: `e-Faktur probe fleet: ${region} is retired; deploying this empty stack deletes its probe`,
      }),
  );
  return { home, probes, retired };
}
