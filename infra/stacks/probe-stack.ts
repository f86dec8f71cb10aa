import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { FleetConfig } from '../../shared/config/fleet-config.js';
import { ProbeFunction } from '../constructs/probe-function.js';
import { ProbeSchedule } from '../constructs/probe-schedule.js';
import { SavedQueries } from '../constructs/saved-queries.js';
import { fleetNames } from '../fleet-names.js';
import { concurrencyPlan } from '../function-sizing.js';
import { PROBE_QUERIES } from '../log-queries.js';
import { probePhase } from '../probe-phases.js';

export interface ProbeStackProps extends StackProps {
  readonly config: FleetConfig;
  /** The probe region; must be one of `config.probeRegions` and the stack's region. */
  readonly probeRegion: string;
  /** @default fleetNames(config.fleetName).table */
  readonly tableName?: string;
  /** @default FUNCTION_ENTRIES.probe */
  readonly probeEntry?: string;
}

/**
 * One probe region: the probe function, its staggered schedule and its saved log queries. No alarms and no ops
 * topic: a region whose probe fails stops voting, which the home region alarms on (`stale-regions`); the saved
 * queries (and the dashboard, if deployed) show its failures and what it sees per target.
 */
export class ProbeStack extends Stack {
  readonly probe: ProbeFunction;
  readonly schedule: ProbeSchedule;

  constructor(scope: Construct, id: string, props: ProbeStackProps) {
    super(scope, id, props);
    const { config, probeRegion } = props;
    const index = config.probeRegions.indexOf(probeRegion);
    if (index < 0)
      throw new Error(`${probeRegion} is not one of the probe regions (${config.probeRegions.join(', ')})`);
    if (this.region !== probeRegion) {
      throw new Error(
        `the probe stack of ${probeRegion} must be deployed to ${probeRegion}, not ${this.region}`,
      );
    }

    this.probe = new ProbeFunction(this, 'Probe', {
      config,
      region: probeRegion,
      tableName: props.tableName,
      entry: props.probeEntry,
      reservedConcurrency: concurrencyPlan(config.accountConcurrencyLimit).probe,
    });
    this.schedule = new ProbeSchedule(this, 'Schedule', {
      probe: this.probe.fleetFunction,
      probeTimeout: this.probe.timeout,
      deadLetterQueueName: fleetNames(config.fleetName).probeDeadLetterQueue,
      phase: probePhase(config.probeIntervalSeconds, index, config.probeRegions.length),
    });
    new SavedQueries(this, 'Queries', {
      folder: config.fleetName,
      logGroupNames: [this.probe.fleetFunction.logGroup.logGroupName],
      queries: Object.values(PROBE_QUERIES),
      suffix: probeRegion,
    });
  }
}
