import { describe, expect, it } from 'vitest';
import { FUNCTION_ENV } from '../../shared/config/function-env.js';
import { allTemplates, resourcesOf, synthFleet, TEST_FLEET_INPUT } from './support/fleet-templates.js';
import { render, renderResources } from './support/intrinsics.js';

const fleet = synthFleet(undefined, { skipBundling: true });
const templates = allTemplates(fleet);

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource?: unknown;
  Condition?: unknown;
}

/** Every statement of every identity policy, with where it comes from. */
const statements = templates.flatMap(([name, template]) => [
  ...resourcesOf(template, 'AWS::IAM::Policy').flatMap(([id, policy]) =>
    (policy.PolicyDocument as { Statement: Statement[] }).Statement.map((s) => ({
      where: `${name}/${id}`,
      ...s,
    })),
  ),
  ...resourcesOf(template, 'AWS::IAM::Role').flatMap(([id, role]) =>
    ((role.Policies as { PolicyDocument: { Statement: Statement[] } }[] | undefined) ?? []).flatMap((p) =>
      p.PolicyDocument.Statement.map((s) => ({ where: `${name}/${id}`, ...s })),
    ),
  ),
]);

/** The only wildcards in resources, narrowed to a function's versions (CDK's `grantInvoke` for the schedules). */
const ALLOWED_WILDCARDS: { action: string; resource: RegExp }[] = [
  { action: 'lambda:InvokeFunction', resource: /^<ConsensusAggregatorFunction\w+\.Arn>:\*$/ },
  { action: 'lambda:InvokeFunction', resource: /^<ProbeFunction\w+\.Arn>:\*$/ },
];

/**
 * Actions the Service Authorization Reference lists without a resource type: IAM matches them only with
 * Resource "*", so a narrower resource would deny them on AWS.
 */
const RESOURCE_TYPELESS = ['sns:GetSubscriptionAttributes', 'sns:SetSubscriptionAttributes'];
const isResourceTypeless = (s: Statement) => [s.Action].flat().every((a) => RESOURCE_TYPELESS.includes(a));

describe('IAM', () => {
  it('finds identity policies in every stack', () => {
    expect(statements.length).toBeGreaterThan(15);
    for (const [name] of templates)
      expect(
        statements.some((s) => s.where.startsWith(`${name}/`)),
        name,
      ).toBe(true);
  });

  it('grants only named actions, never a wildcard action, and Resource "*" only to resource-typeless ones', () => {
    for (const s of statements) {
      expect(s.Effect, s.where).toBe('Allow');
      for (const action of [s.Action].flat()) expect(action, s.where).toMatch(/^[a-z0-9-]+:[A-Za-z]+$/);
      expect(s.Resource, `${s.where} ${JSON.stringify(s.Action)}`).toBeDefined();
      if (isResourceTypeless(s)) continue;
      for (const resource of renderResources(s.Resource)) expect(resource, s.where).not.toBe('*');
    }
  });

  it('grants the API the subscription attribute actions on "*", the only resource they can match', () => {
    const grants = statements.filter((s) => [s.Action].flat().some((a) => RESOURCE_TYPELESS.includes(a)));
    expect(grants.map((s) => [s.where.split('/')[0], [s.Action].flat().sort(), s.Resource])).toEqual([
      ['home', RESOURCE_TYPELESS, '*'],
    ]);
    expect(grants[0]!.where).toMatch(/StatusApi/);
  });

  it('scopes every statement to resources of the fleet, wildcards only where listed', () => {
    const localIds = new Set(templates.flatMap(([, t]) => Object.keys(t.toJSON().Resources as object)));
    const wildcards: string[] = [];
    for (const s of statements) {
      if (isResourceTypeless(s)) continue;
      for (const resource of renderResources(s.Resource)) {
        const actions = [s.Action].flat();
        if (resource.includes('*')) {
          const allowed = ALLOWED_WILDCARDS.some(
            (w) => actions.length === 1 && actions[0] === w.action && w.resource.test(resource),
          );
          expect(allowed, `${s.where}: ${actions.join(',')} on ${resource}`).toBe(true);
          wildcards.push(`${actions[0]} ${resource}`);
          continue;
        }
        const local = /^<(\w+)(\.\w+)?>$/.exec(resource);
        if (local) {
          expect(localIds.has(local[1]!), `${s.where}: ${resource} is a resource of the fleet`).toBe(true);
          continue;
        }
        // ARNs of the other region's resources, built from the deterministic names.
        expect(resource, s.where).toMatch(
          /^arn:aws:(dynamodb:ap-southeast-1:123456789012:table\/efaktur-probe-fleet|lambda:(ap-[a-z]+-\d):123456789012:function:efaktur-fleet-probe-\2)$/,
        );
      }
    }
    // The sweep's, and each region's tick schedule's.
    expect(wildcards).toHaveLength(1 + fleet.config.probeRegions.length);
  });

  it('lets the probe of every region write to the home table with PutItem only', () => {
    const tableStatements = statements.filter((s) =>
      renderResources(s.Resource).some((r) => r.endsWith(':table/efaktur-probe-fleet')),
    );
    expect(tableStatements.map((s) => [s.where.split('/')[0], s.Action])).toEqual(
      fleet.config.probeRegions.map((region) => [`probe ${region}`, 'dynamodb:PutItem']),
    );
  });

  it('lets the aggregator invoke exactly the probe functions of the configured regions', () => {
    const invoke = statements.filter(
      (s) =>
        s.Action === 'lambda:InvokeFunction' &&
        renderResources(s.Resource).some((r) => r.includes(':function:efaktur-fleet-probe-')),
    );
    expect(invoke).toHaveLength(1);
    expect(renderResources(invoke[0]!.Resource)).toEqual(
      fleet.config.probeRegions.map(
        (r) => `arn:aws:lambda:${r}:123456789012:function:efaktur-fleet-probe-${r}`,
      ),
    );
  });

  it('lets the API subscribe email addresses only', () => {
    const subscribe = statements.filter((s) => s.Action === 'sns:Subscribe');
    expect(subscribe).toHaveLength(1);
    expect(subscribe[0]!.Condition).toEqual({ StringEquals: { 'sns:Protocol': 'email' } });
  });

  it('lets only AWS services assume the roles, scheduler roles only for this account', () => {
    for (const [name, template] of templates) {
      for (const [id, role] of resourcesOf(template, 'AWS::IAM::Role')) {
        const trust = (role.AssumeRolePolicyDocument as { Statement: { Principal: { Service?: string } }[] })
          .Statement;
        for (const statement of trust) {
          expect(statement.Principal.Service, `${name}/${id}`).toMatch(
            /^(lambda|scheduler)\.amazonaws\.com$/,
          );
        }
        expect(role.ManagedPolicyArns, `${name}/${id} has no managed policies`).toBeUndefined();
      }
    }
  });
});

describe('function environments', () => {
  const functions = templates.flatMap(([name, template]) =>
    resourcesOf(template, 'AWS::Lambda::Function').map(([id, fn]) => ({
      where: `${name}/${id}`,
      variables: (fn.Environment as { Variables: Record<string, unknown> }).Variables,
    })),
  );

  it('set the documented variable names', () => {
    const documented = new Set<string>([...Object.values(FUNCTION_ENV), 'NODE_OPTIONS']);
    expect(functions).toHaveLength(2 + fleet.config.probeRegions.length);
    for (const fn of functions) {
      for (const name of Object.keys(fn.variables))
        expect(documented.has(name), `${fn.where}: ${name}`).toBe(true);
    }
  });

  it("stay under Lambda's 4 KB even with every reference at a generous length", () => {
    for (const fn of functions) {
      const bytes = Object.entries(fn.variables).reduce((sum, [name, value]) => {
        // Sample values are short; give every unresolved reference 256 bytes instead.
        const rendered = render(value).replace(/<[\w.]+>/g, 'x'.repeat(256));
        return sum + Buffer.byteLength(name) + Buffer.byteLength(rendered);
      }, 0);
      expect(bytes, fn.where).toBeLessThan(4096);
    }
  });

  it('hold no subscriber address', () => {
    const addresses = [...TEST_FLEET_INPUT.subscribers!.email!, ...TEST_FLEET_INPUT.subscribers!.sms!];
    for (const fn of functions) {
      const text = JSON.stringify(fn.variables);
      for (const address of addresses) expect(text, fn.where).not.toContain(address);
    }
  });
});
