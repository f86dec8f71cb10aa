import { InvokeCommand, type InvokeCommandInput, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach } from 'vitest';
import { LocalProbeTrigger } from '../../../local/local-probe-trigger.js';
import { LambdaProbeTrigger } from '../../../shared/adapters/aws/lambda-probe-trigger.js';
import { FakeTrigger } from '../../unit/consensus/evaluation-fakes.js';
import { type Asked, describeProbeTriggerContract } from './probe-trigger-contract.js';

const lambda = mockClient(LambdaClient);
afterEach(() => lambda.reset());

const REGIONS = ['ap-southeast-1', 'ap-southeast-3', 'ap-northeast-1'];
const arnOf = (region: string) => `arn:aws:lambda:${region}:123456789012:function:efaktur-probe`;

describeProbeTriggerContract('Lambda', async () => {
  const asked: Asked[] = [];
  const failing = new Set<string>();
  lambda.on(InvokeCommand).callsFake((input: InvokeCommandInput) => {
    const region = REGIONS.find((r) => arnOf(r) === input.FunctionName) ?? '?';
    if (failing.has(region))
      throw Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' });
    const request = JSON.parse(new TextDecoder().decode(input.Payload as Uint8Array)) as { targetId: string };
    asked.push({ region, targetId: request.targetId });
    return { StatusCode: 202 };
  });
  const trigger = new LambdaProbeTrigger({
    functions: Object.fromEntries(REGIONS.map((r) => [r, arnOf(r)])),
    clientFor: (region) => new LambdaClient({ region }),
  });
  return { trigger, asked: async () => asked, failRegion: (region) => failing.add(region) };
});

describeProbeTriggerContract('local mode', async () => {
  const asked: Asked[] = [];
  const failing = new Set<string>();
  const trigger = new LocalProbeTrigger({
    burst(region, targetId) {
      if (failing.has(region)) throw new Error(`no probe for ${region}`);
      asked.push({ region, targetId });
    },
  });
  return { trigger, asked: async () => asked, failRegion: (region) => failing.add(region) };
});

describeProbeTriggerContract('the evaluation tests’ fake', async () => {
  const fake = new FakeTrigger();
  return {
    trigger: fake,
    asked: async () =>
      fake.requests.flatMap((r) => r.regions.map((region) => ({ region, targetId: r.targetId }))),
    failRegion: (region) => fake.failingRegions.add(region),
  };
});
