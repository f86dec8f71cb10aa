import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { addFleetStacks, type FleetEntries, type FleetStacks } from '../../../infra/fleet-app.js';
import {
  type FleetConfig,
  type FleetConfigInput,
  parseFleetConfig,
} from '../../../shared/config/fleet-config.js';

/** A configuration with subscribers, so that subscriptions exist to assert on. */
export const TEST_FLEET_INPUT: FleetConfigInput = {
  subscribers: {
    email: ['ops@example.com', 'finance@example.co.id'],
    sms: ['+6281234567890'],
    smsStatuses: ['down', 'up'],
  },
  statusUrl: 'https://status.example.com/',
};

export interface SynthesizedFleet {
  readonly app: App;
  readonly config: FleetConfig;
  readonly stacks: FleetStacks;
  readonly home: Template;
  /** Probe templates by region. */
  readonly probes: ReadonlyMap<string, Template>;
}

export interface SynthOptions {
  /** Handler stand-ins; the real handlers otherwise. */
  readonly entries?: FleetEntries;
  /** Skip esbuild (the entries must still exist): for tests of stack logic only. */
  readonly skipBundling?: boolean;
  readonly outdir?: string;
}

/** Builds the fleet's app from a configuration and synthesizes every template once. */
export function synthFleet(
  input: FleetConfigInput = TEST_FLEET_INPUT,
  options: SynthOptions = {},
): SynthesizedFleet {
  const app = new App({
    outdir: options.outdir,
    context: options.skipBundling === true ? { 'aws:cdk:bundling-stacks': [] } : {},
  });
  const config = parseFleetConfig(input);
  const stacks = addFleetStacks(app, config, options.entries);
  return {
    app,
    config,
    stacks,
    home: Template.fromStack(stacks.home),
    probes: new Map(stacks.probes.map((stack) => [stack.region, Template.fromStack(stack)])),
  };
}

/** Every template of a synthesized fleet, with a name for messages. */
export function allTemplates(fleet: SynthesizedFleet): [string, Template][] {
  return [
    ['home', fleet.home],
    ...[...fleet.probes].map(([region, t]): [string, Template] => [`probe ${region}`, t]),
  ];
}

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown> }>;

/** The resources of one type in a template, by logical id. */
export function resourcesOf(template: Template, type: string): [string, Record<string, unknown>][] {
  const resources = template.toJSON().Resources as Resources;
  return Object.entries(resources)
    .filter(([, r]) => r.Type === type)
    .map(([id, r]) => [id, r.Properties ?? {}]);
}
