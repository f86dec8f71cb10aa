import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { MAINTENANCE_PK } from '../../shared/adapters/aws/dynamo-maintenance-window-store.js';
import { subscriptionKeys } from '../../shared/api/subscriptions/subscription-keys.js';
import type { FleetConfig } from '../../shared/config/fleet-config.js';
import {
  configForFunctions,
  FLEET_CONFIG_BUNDLE_FILE,
  FUNCTION_ENV,
} from '../../shared/config/function-env.js';
import { FUNCTION_ENTRIES } from '../fleet-names.js';
import { FleetFunction } from './fleet-function.js';

export interface StatusApiProps {
  readonly config: FleetConfig;
  readonly table: ITableV2;
  readonly alertsTopic: ITopic;
  /** @default none (no dashboard) */
  readonly dashboardUrl?: string;
  /** @default FUNCTION_ENTRIES.api */
  readonly entry?: string;
  /**
   * Steady-state requests per second the whole API accepts.
   * @default 20
   */
  readonly rateLimit?: number;
  /**
   * Requests the API accepts in a burst above the rate.
   * @default 50
   */
  readonly burstLimit?: number;
  /** @default none */
  readonly reservedConcurrency?: number;
}

/** The partition keys the API may write (`dynamodb:LeadingKeys` patterns). */
export const API_WRITE_KEYS = [subscriptionKeys.recordPk('*'), subscriptionKeys.ratePk('*'), MAINTENANCE_PK];

/** One JSON line per request in the access log. */
const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  method: '$context.httpMethod',
  path: '$context.path',
  routeKey: '$context.routeKey',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  latencyMs: '$context.responseLatency',
  integrationLatencyMs: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  userAgent: '$context.identity.userAgent',
});

/**
 * The public status API: an HTTP API (throttled, access-logged) in front of one Lambda that routes by itself.
 * Reads consensus and history from the table; subscribes email addresses to the alerts topic (SNS sends the
 * confirmation); records its own rate limits in the table.
 */
export class StatusApi extends Construct {
  readonly fleetFunction: FleetFunction;
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;

  constructor(scope: Construct, id: string, props: StatusApiProps) {
    super(scope, id);
    const { config, table } = props;

    this.fleetFunction = new FleetFunction(this, 'Api', {
      entry: props.entry ?? FUNCTION_ENTRIES.api,
      description: 'e-Faktur fleet status API',
      timeout: Duration.seconds(10),
      memorySize: 256,
      reservedConcurrency: props.reservedConcurrency,
      // The configuration travels in the bundle: Lambda's 4 KB environment would hold only about ten targets.
      bundledFiles: { [FLEET_CONFIG_BUNDLE_FILE]: configForFunctions(config) },
      environment: {
        [FUNCTION_ENV.tableName]: table.tableName,
        [FUNCTION_ENV.tableRegion]: Stack.of(this).region,
        [FUNCTION_ENV.fleetConfigFile]: FLEET_CONFIG_BUNDLE_FILE,
        [FUNCTION_ENV.alertsTopicArn]: props.alertsTopic.topicArn,
        ...(props.dashboardUrl !== undefined && { [FUNCTION_ENV.dashboardUrl]: props.dashboardUrl }),
      },
    });
    this.grant(props);
    this.httpApi = this.addHttpApi(config.fleetName);
    this.accessLogs = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.ONE_MONTH });
    this.stage = new HttpStage(this, 'Stage', {
      httpApi: this.httpApi,
      autoDeploy: true,
      throttle: { rateLimit: props.rateLimit ?? 20, burstLimit: props.burstLimit ?? 50 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(ACCESS_LOG_FORMAT),
      },
    });
  }

  /** Status from the table, rate limits in it, and email subscriptions to the alerts topic. */
  private grant({ table, alertsTopic }: StatusApiProps): void {
    const role = this.fleetFunction.role;
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'ReadFleetTable',
        actions: ['dynamodb:GetItem', 'dynamodb:Query'],
        resources: [table.tableArn],
      }),
    );
    // Writes only its own items: subscriptions, rate-limit counters and the operator's maintenance windows.
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'WriteSubscriptionsRateLimitsAndMaintenance',
        actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
        resources: [table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': API_WRITE_KEYS } },
      }),
    );
    // SMS costs money per message, so the public API may only subscribe email addresses.
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'SubscribeEmailToAlerts',
        actions: ['sns:Subscribe'],
        resources: [alertsTopic.topicArn],
        conditions: { StringEquals: { 'sns:Protocol': 'email' } },
      }),
    );
    // Whether a subscription is still pending, and the filter of a pending one (the latest request's, as nobody has
    // confirmed it yet). The Service Authorization Reference lists no resource type for these two actions: a
    // statement scoped to subscription ARNs never matches them, so they are granted on "*".
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'ReadAndFilterPendingSubscriptions',
        actions: ['sns:GetSubscriptionAttributes', 'sns:SetSubscriptionAttributes'],
        resources: ['*'],
      }),
    );
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'sns:GetSubscriptionAttributes and sns:SetSubscriptionAttributes have no resource type in the Service ' +
        'Authorization Reference, so IAM only matches them with Resource "*". The API reads whether a ' +
        'subscription it created is pending and sets the filter policy of a pending one; it never changes a ' +
        'confirmed subscription, and may subscribe email endpoints of the alerts topic only.',
    });
  }

  /** Every path to the one function. */
  private addHttpApi(fleetName: string): HttpApi {
    const httpApi = new HttpApi(this, 'HttpApi', {
      apiName: `${fleetName}-status`,
      description: 'e-Faktur fleet status: consensus, history, uptime, badge, email subscription',
      createDefaultStage: false,
      // No CORS configuration here: the handler answers preflights per route and sets the CORS headers itself
      // (API Gateway would otherwise answer preflights and replace those headers with its own).
    });
    const integration = new HttpLambdaIntegration('Handler', this.fleetFunction.function);
    // The operator's routes: only callers signed with IAM credentials reach the handler (which checks again).
    const operator = new HttpIamAuthorizer();
    httpApi.addRoutes({
      path: '/maintenance',
      methods: [HttpMethod.POST],
      integration,
      authorizer: operator,
    });
    httpApi.addRoutes({
      path: '/maintenance/{id}',
      methods: [HttpMethod.DELETE],
      integration,
      authorizer: operator,
    });
    const routes = [
      ...httpApi.addRoutes({ path: '/', methods: [HttpMethod.ANY], integration }),
      ...httpApi.addRoutes({ path: '/{proxy+}', methods: [HttpMethod.ANY], integration }),
    ];
    for (const route of routes) {
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          'A public, read-only status API by design; the one public write (email subscription) is confirmed by ' +
          'the recipient through SNS, the operator writes (POST and DELETE /maintenance) have their own ' +
          'IAM-authorised routes, and the stage throttles every route.',
      });
    }
    return httpApi;
  }

  /** The API's base URL (the default stage has no path prefix). */
  get url(): string {
    return this.httpApi.apiEndpoint;
  }
}
