import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { FleetConfig } from '../../shared/config/fleet-config.js';
import { FleetTable } from '../constructs/fleet-table.js';

export interface HomeStackProps extends StackProps {
  readonly config: FleetConfig;
}

/** The home region: the table, the consensus, the alerts, the API, the dashboard. */
export class HomeStack extends Stack {
  readonly fleetTable: FleetTable;

  constructor(scope: Construct, id: string, props: HomeStackProps) {
    super(scope, id, props);
    this.fleetTable = new FleetTable(this, 'FleetTable');
  }
}
