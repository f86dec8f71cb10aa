import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { addFleetStacks } from '../../infra/fleet-app.js';
import { parseFleetConfig } from '../../shared/config/fleet-config.js';

describe('home stack', () => {
  const app = new App();
  const { home } = addFleetStacks(app, parseFleetConfig({}));
  const template = Template.fromStack(home);

  it('lives in the configured home region', () => {
    expect(home.region).toBe('ap-southeast-1');
  });

  it('has one on-demand fleet table with PITR, TTL and a new-image stream, retained on deletion', () => {
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
    template.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        Replicas: [
          Match.objectLike({
            Region: 'ap-southeast-1',
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
            DeletionProtectionEnabled: true,
          }),
        ],
      }),
    });
  });
});
