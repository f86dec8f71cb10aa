import { describe, expect, it } from 'vitest';
import { type EmailSubscriber, filterPolicyOf } from '../../../shared/api/subscriptions/email-subscriber.js';

export interface EmailSubscriberHarness {
  readonly subscriber: EmailSubscriber;
  /** Confirmation emails sent so far, by address, in order. */
  confirmationsSent(): Promise<readonly string[]>;
  /** The recipient follows the confirmation link. */
  confirm(email: string): Promise<void>;
}

/**
 * The promises every `EmailSubscriber` keeps (see the interface): one subscription per address, created pending
 * with a confirmation; a pending one takes the latest filter and is mailed again unless told not to; a confirmed
 * one keeps its filter and is mailed nothing; `describe` reads back what `subscribe` returned.
 */
export function describeEmailSubscriberContract(
  name: string,
  make: () => Promise<EmailSubscriberHarness>,
): void {
  describe(`EmailSubscriber contract: ${name}`, () => {
    it('creates a pending subscription with the filter and mails a confirmation', async () => {
      const h = await make();
      const created = await h.subscriber.subscribe('ops@example.com', {
        statuses: ['down', 'up'],
        targets: null,
      });
      expect(created).toEqual({
        arn: expect.any(String),
        pending: true,
        filterPolicy: filterPolicyOf({ statuses: ['down', 'up'], targets: null }),
      });
      expect(await h.confirmationsSent()).toEqual(['ops@example.com']);
      expect(await h.subscriber.describe(created.arn)).toEqual(created);
    });

    it('subscribes with no filter for every change', async () => {
      const h = await make();
      expect(
        (await h.subscriber.subscribe('all@example.com', { statuses: null, targets: null })).filterPolicy,
      ).toBeNull();
    });

    it('gives a pending subscription the latest filter, and mails again unless told not to', async () => {
      const h = await make();
      const first = await h.subscriber.subscribe('ops@example.com', { statuses: ['down'], targets: null });
      const again = await h.subscriber.subscribe(
        'ops@example.com',
        { statuses: ['up'], targets: null },
        { existing: first },
      );
      expect(again).toEqual({
        arn: first.arn,
        pending: true,
        filterPolicy: filterPolicyOf({ statuses: ['up'], targets: null }),
      });
      const quiet = await h.subscriber.subscribe(
        'ops@example.com',
        { statuses: ['degraded'], targets: null },
        {
          existing: again,
          sendConfirmation: false,
        },
      );
      expect(quiet.filterPolicy).toBe(filterPolicyOf({ statuses: ['degraded'], targets: null }));
      expect(await h.confirmationsSent()).toEqual(['ops@example.com', 'ops@example.com']);
    });

    it('keeps a confirmed filter and mails nothing', async () => {
      const h = await make();
      const first = await h.subscriber.subscribe('ops@example.com', { statuses: ['down'], targets: null });
      await h.confirm('ops@example.com');
      const again = await h.subscriber.subscribe(
        'ops@example.com',
        { statuses: ['up'], targets: null },
        { existing: first },
      );
      expect(again).toEqual({
        arn: first.arn,
        pending: false,
        filterPolicy: filterPolicyOf({ statuses: ['down'], targets: null }),
      });
      expect(await h.confirmationsSent()).toEqual(['ops@example.com']);
    });

    it('filters on targets and groups beside statuses, in one canonical form', async () => {
      const h = await make();
      const created = await h.subscriber.subscribe('ops@example.com', {
        statuses: ['up', 'down'],
        targets: ['buat-faktur', 'efaktur-web', 'buat-faktur'],
      });
      const policy = '{"status":["down","up"],"target":["buat-faktur","efaktur-web"]}';
      expect(created).toEqual({ arn: expect.any(String), pending: true, filterPolicy: policy });
      expect(await h.subscriber.describe(created.arn)).toEqual(created);
      const groupOnly = await h.subscriber.subscribe(
        'ops@example.com',
        { statuses: null, targets: ['buat-faktur'] },
        { existing: created },
      );
      expect(groupOnly.filterPolicy).toBe('{"target":["buat-faktur"]}');
      await h.confirm('ops@example.com');
      const other = await h.subscriber.subscribe(
        'ops@example.com',
        { statuses: null, targets: ['efaktur-web'] },
        {
          existing: { ...groupOnly, pending: false },
        },
      );
      expect(other.filterPolicy).toBe('{"target":["buat-faktur"]}');
    });

    it('describes an unknown subscription as null', async () => {
      const h = await make();
      expect(
        await h.subscriber.describe('arn:aws:sns:ap-southeast-1:123456789012:alerts:unknown'),
      ).toBeNull();
    });
  });
}
