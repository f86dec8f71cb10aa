import { describe, expect, it } from 'vitest';
import {
  AggregatorEnvironmentError,
  readAggregatorEnvironment,
} from '../../../functions/aggregator/aggregator-environment.js';
import { ApiEnvironmentError, readApiEnvironment } from '../../../functions/api/api-environment.js';
import {
  NotifierEnvironmentError,
  readNotifierEnvironment,
} from '../../../functions/notifier/notifier-environment.js';
import { ProbeEnvironmentError, readProbeEnvironment } from '../../../functions/probe/probe-environment.js';
import { FunctionEnvironmentError } from '../../../shared/config/environment-reader.js';

function problemsOf(read: () => unknown): { readonly error: unknown; readonly problems: readonly string[] } {
  try {
    read();
  } catch (error) {
    return { error, problems: error instanceof FunctionEnvironmentError ? error.problems : [] };
  }
  throw new Error('the environment was accepted');
}

describe('each function reads its environment through the one reader', () => {
  it.each([
    [
      'aggregator',
      () => readAggregatorEnvironment({}),
      AggregatorEnvironmentError,
      ['FLEET_TABLE_NAME: is required', 'FLEET_TABLE_REGION: is required', 'ALERTS_TOPIC_ARN: is required'],
    ],
    [
      'status API',
      () => readApiEnvironment({}),
      ApiEnvironmentError,
      ['FLEET_TABLE_NAME: is required', 'FLEET_TABLE_REGION: is required', 'ALERTS_TOPIC_ARN: is required'],
    ],
    [
      'probe',
      () => readProbeEnvironment({}),
      ProbeEnvironmentError,
      ['FLEET_TABLE_NAME: is required', 'FLEET_TABLE_REGION: is required', 'PROBE_REGION: is required'],
    ],
    [
      'notifier',
      () => readNotifierEnvironment({}),
      NotifierEnvironmentError,
      ['CHANNEL_QUEUE_URL: is required', 'CHANNEL_DEAD_LETTER_QUEUE_URL: is required'],
    ],
  ])('%s: an empty environment throws its own error listing every problem', (name, read, type, first) => {
    const { error, problems } = problemsOf(read);
    expect(error).toBeInstanceOf(type);
    expect((error as Error).message).toContain(`Invalid ${name} function environment`);
    expect(problems.slice(0, first.length)).toEqual(first);
    expect(problems).toContain('FLEET_CONFIG: is required');
  });
});
