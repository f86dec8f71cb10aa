import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { LambdaProbeTrigger } from '../../../shared/adapters/aws/lambda-probe-trigger.js';
import { ProbeTriggerError } from '../../../shared/probe/probe-trigger.js';

const lambda = mockClient(LambdaClient);
afterEach(() => lambda.reset());

const FUNCTIONS = {
  'ap-southeast-1': 'arn:aws:lambda:ap-southeast-1:123456789012:function:efaktur-probe-ap-southeast-1',
  'ap-northeast-1': 'arn:aws:lambda:ap-northeast-1:123456789012:function:efaktur-probe-ap-northeast-1',
};

describe('LambdaProbeTrigger', () => {
  it('invokes each region’s probe asynchronously, through a client of that region', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
    const asked: string[] = [];
    const trigger = new LambdaProbeTrigger({
      functions: FUNCTIONS,
      clientFor: (region) => {
        asked.push(region);
        return new LambdaClient({ region });
      },
    });
    await trigger.trigger(['ap-southeast-1', 'ap-northeast-1'], {
      targetId: 'svc-wsdl',
      requestedBy: 'ap-southeast-3',
    });
    expect(asked).toEqual(['ap-southeast-1', 'ap-northeast-1']);
    const inputs = lambda.commandCalls(InvokeCommand).map((c) => c.args[0].input);
    expect(inputs.map((i) => [i.FunctionName, i.InvocationType])).toEqual([
      [FUNCTIONS['ap-southeast-1'], 'Event'],
      [FUNCTIONS['ap-northeast-1'], 'Event'],
    ]);
    expect(JSON.parse(new TextDecoder().decode(inputs[0]!.Payload as Uint8Array))).toEqual({
      source: 'burst',
      targetId: 'svc-wsdl',
      requestedBy: 'aggregator after ap-southeast-3',
    });
  });

  it('keeps one default client per region', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
    const trigger = new LambdaProbeTrigger({ functions: FUNCTIONS });
    await trigger.trigger(['ap-southeast-1'], { targetId: 'svc-wsdl', requestedBy: 'x' });
    await trigger.trigger(['ap-southeast-1', 'ap-northeast-1'], { targetId: 'svc-wsdl', requestedBy: 'x' });
    const clients = lambda.commandCalls(InvokeCommand).map((c) => c.thisValue as LambdaClient);
    expect(clients[0]).toBe(clients[1]);
    expect(clients[2]).not.toBe(clients[0]);
    expect(await clients[2]!.config.region()).toBe('ap-northeast-1');
  });

  it('asks every region it can and names those it could not', async () => {
    lambda
      .on(InvokeCommand, { FunctionName: FUNCTIONS['ap-southeast-1'] })
      .rejects(new Error('Rate exceeded'));
    lambda.on(InvokeCommand, { FunctionName: FUNCTIONS['ap-northeast-1'] }).resolves({ StatusCode: 202 });
    const trigger = new LambdaProbeTrigger({ functions: FUNCTIONS });
    const failure = await trigger
      .trigger(['ap-southeast-1', 'ap-northeast-1', 'eu-west-1'], { targetId: 'svc-wsdl', requestedBy: 'x' })
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ProbeTriggerError);
    expect((failure as ProbeTriggerError).failures).toEqual([
      { region: 'ap-southeast-1', error: 'Rate exceeded' },
      { region: 'eu-west-1', error: 'no probe function configured' },
    ]);
    expect(lambda.commandCalls(InvokeCommand)).toHaveLength(2);
  });
});
