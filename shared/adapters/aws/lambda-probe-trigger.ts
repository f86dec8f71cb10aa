import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { BurstRequest } from '../../probe/probe-request.js';
import { type ProbeTrigger, ProbeTriggerError } from '../../probe/probe-trigger.js';

export interface LambdaProbeTriggerOptions {
  /** The probe function's ARN in each probe region. */
  readonly functions: Readonly<Record<string, string>>;
  /** The Lambda client of a region. @default one `LambdaClient` per region, created on first use */
  readonly clientFor?: (region: string) => LambdaClient;
}

/**
 * Burst confirmation in AWS: an asynchronous invoke (`InvocationType: 'Event'`) of each region's probe function
 * with a burst request for the one target, through a client in that region. Returns once Lambda has queued them.
 */
export class LambdaProbeTrigger implements ProbeTrigger {
  private readonly clients = new Map<string, LambdaClient>();
  private readonly clientFor: (region: string) => LambdaClient;

  constructor(private readonly options: LambdaProbeTriggerOptions) {
    this.clientFor = options.clientFor ?? ((region) => this.defaultClient(region));
  }

  async trigger(
    regions: readonly string[],
    reason: { readonly targetId: string; readonly requestedBy: string },
  ): Promise<void> {
    const request: BurstRequest = {
      source: 'burst',
      targetId: reason.targetId,
      requestedBy: `aggregator after ${reason.requestedBy}`.slice(0, 200),
    };
    const payload = new TextEncoder().encode(JSON.stringify(request));
    const outcomes = await Promise.allSettled(
      regions.map(async (region) => {
        const functionArn = this.options.functions[region];
        if (functionArn === undefined) throw new Error('no probe function configured');
        await this.clientFor(region).send(
          new InvokeCommand({ FunctionName: functionArn, InvocationType: 'Event', Payload: payload }),
        );
      }),
    );
    const failures = outcomes.flatMap((outcome, i) =>
      outcome.status === 'rejected'
        ? [
            {
              region: regions[i] ?? '?',
              error: outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason),
            },
          ]
        : [],
    );
    if (failures.length > 0) throw new ProbeTriggerError(failures);
  }

  private defaultClient(region: string): LambdaClient {
    let client = this.clients.get(region);
    if (!client) {
      client = new LambdaClient({ region });
      this.clients.set(region, client);
    }
    return client;
  }
}
