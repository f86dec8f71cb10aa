import type { App } from 'aws-cdk-lib';
import type { FleetConfig } from '../shared/config/fleet-config.js';
import { HomeStack } from './stacks/home-stack.js';

export interface FleetStacks {
  readonly home: HomeStack;
}

/** Adds every stack of the fleet to `app`, driven only by the validated configuration. */
export function addFleetStacks(app: App, config: FleetConfig): FleetStacks {
  const home = new HomeStack(app, 'EfakturFleetHome', {
    env: { region: config.homeRegion, account: process.env.CDK_DEFAULT_ACCOUNT },
    config,
    description: 'e-Faktur probe fleet: table, consensus, alerts, API and dashboard',
  });
  return { home };
}
