import { describe, expect, it } from 'vitest';
import { API_WRITE_KEYS } from '../../infra/constructs/status-api.js';
import { resourcesOf, synthFleet } from './support/fleet-templates.js';

const fleet = synthFleet(undefined, { skipBundling: true });

interface Statement {
  Sid?: string;
  Action: string | string[];
  Condition?: unknown;
}

const apiStatements = resourcesOf(fleet.home, 'AWS::IAM::Policy')
  .filter(([id]) => id.startsWith('StatusApi'))
  .flatMap(([, policy]) => (policy.PolicyDocument as { Statement: Statement[] }).Statement);

describe('the maintenance API in the home stack', () => {
  it('authorises POST and DELETE /maintenance with IAM, and nothing else', () => {
    const routes = resourcesOf(fleet.home, 'AWS::ApiGatewayV2::Route').map(([, r]) => [
      r.RouteKey,
      r.AuthorizationType ?? 'NONE',
    ]);
    expect(routes.sort()).toEqual([
      ['ANY /', 'NONE'],
      ['ANY /{proxy+}', 'NONE'],
      ['DELETE /maintenance/{id}', 'AWS_IAM'],
      ['POST /maintenance', 'AWS_IAM'],
    ]);
  });

  it('lets the API write only its own items: subscriptions, rate limits and maintenance windows', () => {
    expect(API_WRITE_KEYS).toEqual(['SUBSCRIPTION#*', 'RATE#*', 'MAINTENANCE']);
    const writes = apiStatements.filter((s) =>
      [s.Action]
        .flat()
        .some((a) => ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'].includes(a)),
    );
    expect(writes).toHaveLength(1);
    expect(writes[0]!.Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': API_WRITE_KEYS },
    });
  });

  it('lets the aggregator read the windows (query of the fleet table)', () => {
    const aggregator = resourcesOf(fleet.home, 'AWS::IAM::Policy')
      .filter(([id]) => id.startsWith('Consensus'))
      .flatMap(([, policy]) => (policy.PolicyDocument as { Statement: Statement[] }).Statement);
    expect(
      aggregator.some((s) => [s.Action].flat().includes('dynamodb:Query') && s.Condition === undefined),
    ).toBe(true);
  });
});
