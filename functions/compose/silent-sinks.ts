import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { METRICS } from '../../shared/metric-names.js';
import type { FunctionSinks } from './sinks.js';

/** Powertools metrics go to CloudWatch as EMF on stdout; locally there is no CloudWatch, so they are dropped. */
class DiscardedMetrics extends Metrics {
  override publishStoredMetrics(): this {
    this.clearMetrics();
    this.clearDimensions();
    this.clearMetadata();
    return this;
  }
}

/** In one process (local mode, the bench): the functions' own logs are silenced and their metrics dropped. */
export function silentSinks(serviceName: string): FunctionSinks {
  return {
    logger: new Logger({ serviceName, logLevel: 'SILENT' }),
    metrics: new DiscardedMetrics({ namespace: METRICS.namespace }),
  };
}
