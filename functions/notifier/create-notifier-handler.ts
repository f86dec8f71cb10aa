import type { Logger } from '@aws-lambda-powertools/logger';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { MalformedEnvelopeError, parseEnvelope } from '../../shared/channels/channel-envelope.js';
import type { ChannelEnvelope, ChannelNotifier } from '../../shared/channels/channel-notifier.js';

export interface NotifierHandlerDeps {
  readonly notifier: Pick<ChannelNotifier, 'handle'>;
  /** Sets aside a message nobody can read, as it came (it would fail the same way on every retry). */
  readonly setAside: (body: string, reason: string) => Promise<void>;
  readonly logger: Pick<Logger, 'info' | 'warn' | 'error'>;
}

/**
 * The notifier function: each queue message is a transition (or one channel's retry) delivered by the shared
 * notifier. Failed units are re-queued by the notifier itself; a message is reported failed (SQS redelivers it)
 * only when that hand-off failed, and an unreadable one is set aside at once.
 */
export function createNotifierHandler(deps: NotifierHandlerDeps) {
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const failures: { itemIdentifier: string }[] = [];
    await Promise.all(
      event.Records.map(async (record) => {
        let envelope: ChannelEnvelope;
        try {
          envelope = parseEnvelope(record.body);
        } catch (error) {
          if (!(error instanceof MalformedEnvelopeError)) throw error;
          deps.logger.warn('message set aside', { messageId: record.messageId, reason: error.message });
          try {
            await deps.setAside(record.body, error.message);
          } catch (deadLetterError) {
            deps.logger.error('could not set a message aside', {
              messageId: record.messageId,
              error: deadLetterError as Error,
            });
            failures.push({ itemIdentifier: record.messageId });
          }
          return;
        }
        try {
          const results = await deps.notifier.handle(envelope);
          for (const result of results) {
            const log = result.outcome === 'sent' ? deps.logger.info : deps.logger.warn;
            log.call(deps.logger, 'channel delivery', {
              targetId: envelope.transition.targetId,
              at: envelope.transition.at,
              to: envelope.transition.to,
              ...result,
            });
          }
        } catch (error) {
          // Re-queuing a unit failed: SQS delivers the message again (receivers drop repeats by their key).
          deps.logger.error('channel delivery failed', {
            messageId: record.messageId,
            error: error as Error,
          });
          failures.push({ itemIdentifier: record.messageId });
        }
      }),
    );
    return { batchItemFailures: failures };
  };
}
