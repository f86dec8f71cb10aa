import { randomUUID } from 'node:crypto';
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { AlertPublisher } from '../shared/alerts/alert-publisher.js';
import type { ConsensusStatus, Transition } from '../shared/types.js';

/** An alert as people read it. */
export interface RenderedAlert {
  readonly subject: string;
  /** The body as an email shows it. */
  readonly text: string;
  /** The body as an SMS shows it, when the channel has one. */
  readonly sms?: string;
}

/** One line of the outbox file: the alert as sent, with the transition that caused it. */
export interface OutboxLine {
  readonly publishedAt: string;
  readonly messageId: string;
  /** `sns` when the alert also went to the SNS topic. */
  readonly channels: readonly ('console' | 'file' | 'sns')[];
  readonly targetId: string;
  readonly from: ConsensusStatus;
  readonly to: ConsensusStatus;
  readonly at: string;
  readonly subject: string;
  readonly text: string;
  readonly sms?: string;
  readonly transition: Transition;
}

export interface ConsoleFileAlertPublisherOptions {
  /** The JSON-lines file each alert is appended to; its folder is created when missing. */
  readonly file: string;
  /** Shows an alert's text to the person at the console. */
  readonly print: (text: string) => void;
  readonly render: (transition: Transition) => RenderedAlert;
  /** Also publishes through this one (e.g. SNS) first; its message id is the one returned and recorded. */
  readonly forward?: AlertPublisher;
  readonly newId?: () => string;
  readonly now?: () => Date;
}

/**
 * Alerts of local mode: printed and appended to a JSON-lines file, optionally forwarded to SNS.
 * The forward goes first so that a failed SNS publish leaves no line: the transition stays pending and
 * its retry writes the line once.
 */
export class ConsoleFileAlertPublisher implements AlertPublisher {
  private folderReady = false;

  constructor(private readonly options: ConsoleFileAlertPublisherOptions) {}

  async publish(transition: Transition): Promise<string> {
    const { forward, file } = this.options;
    const messageId = forward
      ? await forward.publish(transition)
      : `local-${(this.options.newId ?? randomUUID)()}`;
    const rendered = this.options.render(transition);
    const line: OutboxLine = {
      publishedAt: (this.options.now?.() ?? new Date()).toISOString(),
      messageId,
      channels: forward ? ['console', 'file', 'sns'] : ['console', 'file'],
      targetId: transition.targetId,
      from: transition.from,
      to: transition.to,
      at: transition.at,
      subject: rendered.subject,
      text: rendered.text,
      ...(rendered.sms !== undefined && { sms: rendered.sms }),
      transition,
    };
    if (!this.folderReady) {
      await mkdir(dirname(file), { recursive: true });
      this.folderReady = true;
    }
    await appendFile(file, `${JSON.stringify(line)}\n`, 'utf8');
    const body = rendered.sms ?? rendered.text.trimEnd().split('\n')[0] ?? '';
    this.options.print(`ALERT ${rendered.subject}\n    ${body}\n    (full message in ${file})`);
    return messageId;
  }
}
