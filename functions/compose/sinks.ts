import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { metricsNamespace } from '../../shared/metric-names.js';

/** Where a function's logs and metrics go. */
export interface FunctionSinks {
  readonly logger: Logger;
  readonly metrics: Metrics;
}

/** In Lambda: JSON logs, and metrics to CloudWatch (EMF on stdout) in the fleet's namespace. */
export function lambdaSinks(
  serviceName: string,
  fleetName: string,
  persistentKeys?: Record<string, string>,
): FunctionSinks {
  return {
    logger: new Logger({ serviceName, ...(persistentKeys !== undefined && { persistentKeys }) }),
    metrics: new Metrics({ namespace: metricsNamespace(fleetName), serviceName }),
  };
}
