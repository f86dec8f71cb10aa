import { Duration } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { FleetConfig } from '../../shared/config/fleet-config.js';
import {
  configForFunctions,
  FLEET_CONFIG_BUNDLE_FILE,
  FUNCTION_ENV,
} from '../../shared/config/function-env.js';
import { fleetArns } from '../fleet-arns.js';
import { FUNCTION_ENTRIES, fleetNames } from '../fleet-names.js';
import { probeTimeoutSeconds } from '../function-sizing.js';
import { FleetFunction } from './fleet-function.js';

export interface ProbeFunctionProps {
  readonly config: FleetConfig;
  /** The region this probe speaks for (its stack's region). */
  readonly region: string;
  /** @default fleetNames(config.fleetName).table */
  readonly tableName?: string;
  /** @default FUNCTION_ENTRIES.probe */
  readonly entry?: string;
  /** @default none */
  readonly reservedConcurrency?: number;
}

/**
 * The probe of one region, named `<fleet>-probe-<region>` so that the aggregator can invoke it for a burst
 * confirmation. It may write results to the home table and nothing else.
 */
export class ProbeFunction extends Construct {
  readonly fleetFunction: FleetFunction;
  readonly timeout: Duration;

  constructor(scope: Construct, id: string, props: ProbeFunctionProps) {
    super(scope, id);
    const { config, region } = props;
    const names = fleetNames(config.fleetName);
    const tableName = props.tableName ?? names.table;
    this.timeout = Duration.seconds(probeTimeoutSeconds(config));
    this.fleetFunction = new FleetFunction(this, 'Probe', {
      entry: props.entry ?? FUNCTION_ENTRIES.probe,
      functionName: names.probeFunction(region),
      logGroupName: names.probeLogGroup(region),
      description: `e-Faktur fleet probe in ${region}: checks every target, writes results to ${config.homeRegion}`,
      timeout: this.timeout,
      memorySize: 256,
      // A burst confirmation that arrives late is worthless; the next scheduled run follows anyway.
      asyncRetryAttempts: 0,
      asyncMaxEventAge: Duration.minutes(1),
      reservedConcurrency: props.reservedConcurrency,
      // The configuration travels in the bundle: Lambda's 4 KB environment would hold only about ten targets.
      bundledFiles: { [FLEET_CONFIG_BUNDLE_FILE]: configForFunctions(config) },
      environment: {
        [FUNCTION_ENV.tableName]: tableName,
        [FUNCTION_ENV.tableRegion]: config.homeRegion,
        [FUNCTION_ENV.probeRegion]: region,
        [FUNCTION_ENV.fleetConfigFile]: FLEET_CONFIG_BUNDLE_FILE,
      },
    });
    this.fleetFunction.role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'WriteResultsToHomeTable',
        actions: ['dynamodb:PutItem'],
        resources: [fleetArns.table(this, config.homeRegion, tableName)],
      }),
    );
  }
}
