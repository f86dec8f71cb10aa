import { ArnFormat, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * ARNs of fleet resources in any region, built from their deterministic names with the partition and account
 * of the stack that needs them: references across regions without exports.
 */
export const fleetArns = {
  table: (scope: IConstruct, region: string, tableName: string): string =>
    Stack.of(scope).formatArn({
      service: 'dynamodb',
      region,
      resource: 'table',
      resourceName: tableName,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    }),
  /** `functionName`: the probe's name in `region` (see `FleetNames.probeFunction`). */
  probeFunction: (scope: IConstruct, region: string, functionName: string): string =>
    Stack.of(scope).formatArn({
      service: 'lambda',
      region,
      resource: 'function',
      resourceName: functionName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    }),
} as const;
