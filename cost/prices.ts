/**
 * The list prices `npm run cost` uses, in one place, with where each comes from. USD, on-demand, as AWS publishes
 * them for Asia Pacific (Singapore), the default home region, applied to every region (Jakarta and Tokyo list a few
 * prices slightly differently); where the figure at hand was the us-east-1 one, `note` says so. Check the pages
 * before relying on them.
 */
export const PRICES_AS_OF = '2025-11-01';
export const PRICES_REGION = 'ap-southeast-1';

export interface Price {
  /** USD per `unit`. */
  readonly usd: number;
  readonly unit: string;
  readonly source: string;
  readonly note?: string;
}

const LAMBDA = 'https://aws.amazon.com/lambda/pricing/';
const DYNAMODB = 'https://aws.amazon.com/dynamodb/pricing/on-demand/';
const CLOUDWATCH = 'https://aws.amazon.com/cloudwatch/pricing/';

export const PRICES = {
  lambdaGbSecond: { usd: 0.0000133334, unit: 'GB-second (arm64)', source: LAMBDA },
  lambdaRequest: { usd: 0.2 / 1e6, unit: 'request', source: LAMBDA },
  dynamoWriteUnit: { usd: 0.7135 / 1e6, unit: 'write request unit', source: DYNAMODB },
  dynamoReadUnit: { usd: 0.1425 / 1e6, unit: 'read request unit', source: DYNAMODB },
  dynamoStorageGbMonth: { usd: 0.285, unit: 'GB-month', source: DYNAMODB },
  dynamoPitrGbMonth: { usd: 0.228, unit: 'GB-month (point-in-time recovery)', source: DYNAMODB },
  sqsRequest: {
    usd: 0.4 / 1e6,
    unit: 'request (standard queue)',
    source: 'https://aws.amazon.com/sqs/pricing/',
  },
  schedulerInvocation: {
    usd: 1 / 1e6,
    unit: 'invocation',
    source: 'https://aws.amazon.com/eventbridge/pricing/',
  },
  apiRequest: {
    usd: 1 / 1e6,
    unit: 'HTTP API request',
    source: 'https://aws.amazon.com/api-gateway/pricing/',
    note: 'us-east-1 figure',
  },
  customMetric: { usd: 0.3, unit: 'custom metric-month', source: CLOUDWATCH },
  alarmMetric: { usd: 0.1, unit: 'standard-resolution alarm metric-month', source: CLOUDWATCH },
  dashboard: { usd: 3, unit: 'dashboard-month', source: CLOUDWATCH },
  logsIngestGb: { usd: 0.7, unit: 'GB of logs ingested (standard class)', source: CLOUDWATCH },
  logsStorageGbMonth: {
    usd: 0.03,
    unit: 'GB-month of logs stored',
    source: CLOUDWATCH,
    note: 'us-east-1 figure',
  },
  logsInsightsGb: {
    usd: 0.005,
    unit: 'GB scanned by Logs Insights',
    source: CLOUDWATCH,
    note: 'us-east-1 figure',
  },
  snsPublish: { usd: 0.5 / 1e6, unit: 'publish', source: 'https://aws.amazon.com/sns/pricing/' },
  snsEmail: { usd: 2 / 1e5, unit: 'email delivery', source: 'https://aws.amazon.com/sns/pricing/' },
  smsIndonesia: {
    usd: 0.36,
    unit: 'SMS to Indonesia',
    source: 'https://aws.amazon.com/end-user-messaging/pricing/',
    note: 'an assumed figure: the page lists the price per country and carrier; set --sms-price',
  },
  interRegionGb: {
    usd: 0.09,
    unit: 'GB between regions',
    source: 'https://aws.amazon.com/ec2/pricing/on-demand/#Data_Transfer',
  },
} as const satisfies Record<string, Price>;

/**
 * AWS's always-free allowances (they do not expire after 12 months), per account and month, across its regions:
 * shared with anything else the account runs. API Gateway's free million calls last 12 months only, so it is not
 * counted.
 */
export const ALWAYS_FREE = {
  lambdaRequests: 1e6,
  lambdaGbSeconds: 400_000,
  sqsRequests: 1e6,
  schedulerInvocations: 14e6,
  customMetrics: 10,
  alarmMetrics: 10,
  /** Dashboards of up to 50 metrics each. */
  dashboards: 3,
  dashboardMetrics: 50,
  /** Logs ingested, stored and scanned by Logs Insights, together. */
  logsGb: 5,
  dynamoStorageGb: 25,
  snsPublishes: 1e6,
  snsEmails: 1000,
  source: 'https://aws.amazon.com/free/',
} as const;
