import { describe, expect, it } from 'vitest';
import { handlerEnvironment } from '../../../bench/bundles.js';
import { readAggregatorEnvironment } from '../../../functions/aggregator/aggregator-environment.js';
import { readApiEnvironment } from '../../../functions/api/api-environment.js';
import { readProbeEnvironment } from '../../../functions/probe/probe-environment.js';

describe('the environment the bundle benchmark imports handlers with', () => {
  it.each([
    ['aggregator', readAggregatorEnvironment],
    ['api', readApiEnvironment],
    ['probe', readProbeEnvironment],
  ] as const)('is one the %s function accepts, so that its cold import is measured', (_name, read) => {
    expect(() => read(handlerEnvironment())).not.toThrow();
  });
});
