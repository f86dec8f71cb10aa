import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebhookPayload } from '../shared/channels/channel-requests.js';
import { webhookSignatureProblem } from '../shared/channels/webhook-signature.js';

/** The largest body the receiver reads; a transition with 30 votes is about 15 KB. */
const MAX_BODY_BYTES = 256 * 1024;

/** One request the receiver took, checked. */
export interface ReceivedWebhook {
  readonly key: string | undefined;
  /** `null` when the signature is genuine and fresh. */
  readonly problem: string | null;
  /** A key seen before: the receiver acknowledged it without acting twice. */
  readonly repeat: boolean;
  readonly payload: WebhookPayload | null;
}

export interface WebhookReceiver {
  readonly url: string;
  readonly received: readonly ReceivedWebhook[];
  close(): Promise<void>;
}

/**
 * A reference receiver for signed webhooks, as a receiver should be written: verify the signature over the raw
 * body and the timestamp within five minutes, answer 401 to forgeries and replays, and act once per key.
 */
export async function startWebhookReceiver(options: {
  readonly secret: string;
  readonly port?: number;
  readonly host?: string;
  readonly now?: () => number;
  readonly log?: (line: string) => void;
}): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const seen = new Set<string>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) req.destroy();
      else chunks.push(chunk);
    });
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const header = (name: string) => {
        const value = req.headers[name.toLowerCase()];
        return Array.isArray(value) ? value[0] : value;
      };
      const problem = webhookSignatureProblem({
        secret: options.secret,
        timestamp: header('X-Efaktur-Fleet-Timestamp'),
        signature: header('X-Efaktur-Fleet-Signature'),
        body,
        nowMs: (options.now ?? Date.now)(),
      });
      const key = header('Idempotency-Key');
      const repeat = problem === null && key !== undefined && seen.has(key);
      let payload: WebhookPayload | null = null;
      if (problem === null) {
        if (key !== undefined) seen.add(key);
        try {
          payload = JSON.parse(body) as WebhookPayload;
        } catch {
          payload = null;
        }
      }
      received.push({ key, problem, repeat, payload });
      options.log?.(
        problem !== null
          ? `refused (${problem})`
          : `${repeat ? 'repeat of' : 'received'} ${payload?.target.id} ${payload?.from}→${payload?.to} at ${payload?.at} (signature ok)`,
      );
      res.writeHead(problem === null ? 200 : 401, { 'content-type': 'text/plain' });
      res.end(problem === null ? 'ok' : problem);
    });
  });
  server.requestTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}/hook`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
