import { Annotations, CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { FleetConfig } from '../../shared/config/fleet-config.js';
import { Aggregator } from '../constructs/aggregator.js';
import { AlertsTopic } from '../constructs/alerts-topic.js';
import { ChannelNotifier } from '../constructs/channel-notifier.js';
import { FleetDashboard } from '../constructs/fleet-dashboard.js';
import { FleetTable } from '../constructs/fleet-table.js';
import { HomeAlarms } from '../constructs/home-alarms.js';
import { OpsTopic } from '../constructs/ops-topic.js';
import { SavedQueries } from '../constructs/saved-queries.js';
import { StatusApi } from '../constructs/status-api.js';
import { fleetNames } from '../fleet-names.js';
import { concurrencyPlan } from '../function-sizing.js';
import { CONSENSUS_QUERIES, HOME_DURATION_QUERY } from '../log-queries.js';

export interface HomeStackProps extends StackProps {
  readonly config: FleetConfig;
  /** @default fleetNames(config.fleetName).table */
  readonly tableName?: string;
  /** Handler files; each defaults to its `FUNCTION_ENTRIES` path. */
  readonly entries?: { readonly aggregator?: string; readonly api?: string; readonly notifier?: string };
}

/** The home region: the table, the consensus, the alerts, the API, the dashboard and the alarms. */
export class HomeStack extends Stack {
  readonly fleetTable: FleetTable;
  readonly alerts: AlertsTopic;
  readonly opsTopic: OpsTopic;
  readonly aggregator: Aggregator;
  readonly api: StatusApi;
  /** Absent when the configuration turns the dashboard off. */
  readonly dashboard: FleetDashboard | undefined;
  readonly alarms: HomeAlarms;
  /** Absent when the configuration has no chat channels or webhooks. */
  readonly channels: ChannelNotifier | undefined;

  constructor(scope: Construct, id: string, props: HomeStackProps) {
    super(scope, id, props);
    const { config } = props;
    if (this.region !== config.homeRegion) {
      throw new Error(`the home stack must be deployed to ${config.homeRegion}, not ${this.region}`);
    }
    const names = fleetNames(config.fleetName);
    const concurrency = concurrencyPlan(config.accountConcurrencyLimit);
    Annotations.of(this).addInfo(concurrency.note);
    const dashboardUrl = config.dashboard
      ? FleetDashboard.url(config.homeRegion, names.dashboard)
      : undefined;

    this.fleetTable = new FleetTable(this, 'FleetTable', {
      tableName: props.tableName ?? names.table,
      deletionProtection: config.tableDeletionProtection,
    });
    const table = this.fleetTable.table;
    this.alerts = new AlertsTopic(this, 'Alerts', { subscribers: config.subscribers });
    this.opsTopic = new OpsTopic(this, 'Ops', {
      emails: config.subscribers.email,
      alarmPrefix: config.fleetName,
    });
    this.aggregator = new Aggregator(this, 'Consensus', {
      config,
      table,
      alertsTopic: this.alerts.topic,
      dashboardUrl,
      entry: props.entries?.aggregator,
      reservedConcurrency: concurrency.aggregator,
    });
    this.api = new StatusApi(this, 'StatusApi', {
      config,
      table,
      alertsTopic: this.alerts.topic,
      dashboardUrl,
      entry: props.entries?.api,
      ...concurrency.apiThrottle,
      reservedConcurrency: concurrency.api,
    });
    this.alarms = new HomeAlarms(this, 'Alarms', {
      config,
      aggregator: this.aggregator.fleetFunction.function,
      api: this.api.fleetFunction.function,
      alertsTopic: this.alerts.topic,
      aggregatorDeadLetters: this.aggregator.deadLetterQueue,
      opsTopic: this.opsTopic,
    });
    this.channels =
      config.channels.length === 0
        ? undefined
        : new ChannelNotifier(this, 'Channels', {
            config,
            alertsTopic: this.alerts.topic,
            opsTopic: this.opsTopic,
            dashboardUrl,
            entry: props.entries?.notifier,
          });
    this.addSavedQueries(config.fleetName);
    this.dashboard = config.dashboard ? this.addDashboard(config, names.dashboard) : undefined;
    this.addOutputs(dashboardUrl);
  }

  /** The consensus and duration queries, saved in Logs Insights under the fleet's folder. */
  private addSavedQueries(fleetName: string): void {
    const aggregatorLogs = this.aggregator.fleetFunction.logGroup.logGroupName;
    new SavedQueries(this, 'Queries', {
      folder: fleetName,
      logGroupNames: [aggregatorLogs],
      queries: Object.values(CONSENSUS_QUERIES),
    });
    new SavedQueries(this, 'DurationQuery', {
      folder: fleetName,
      logGroupNames: [aggregatorLogs, this.api.fleetFunction.logGroup.logGroupName],
      queries: [HOME_DURATION_QUERY],
    });
  }

  private addDashboard(config: HomeStackProps['config'], dashboardName: string): FleetDashboard {
    return new FleetDashboard(this, 'Dashboard', {
      config,
      aggregator: this.aggregator.fleetFunction.function,
      api: this.api.fleetFunction.function,
      aggregatorLogs: this.aggregator.fleetFunction.logGroup,
      apiLogs: this.api.fleetFunction.logGroup,
      httpApi: this.api.httpApi,
      alertsTopic: this.alerts.topic,
      aggregatorDeadLetters: this.aggregator.deadLetterQueue,
      alarms: [...this.alarms.alarms, this.opsTopic.deliveryFailures],
      dashboardName,
    });
  }

  private addOutputs(dashboardUrl: string | undefined): void {
    new CfnOutput(this, 'StatusApiUrl', {
      description: 'Base URL of the public status API (set it as statusUrl in the fleet configuration)',
      value: this.api.url,
    });
    if (dashboardUrl !== undefined)
      new CfnOutput(this, 'DashboardUrl', { description: 'The CloudWatch dashboard', value: dashboardUrl });
    new CfnOutput(this, 'AlertsTopicArn', {
      description: 'SNS topic of the alerts (subscribers)',
      value: this.alerts.topic.topicArn,
    });
    new CfnOutput(this, 'OpsTopicArn', {
      description: 'SNS topic of the home-region alarms (operators)',
      value: this.opsTopic.topic.topicArn,
    });
  }
}
