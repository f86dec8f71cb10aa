import { describe, expect, it } from 'vitest';
import type { AlertPublisher } from '../../../shared/alerts/alert-publisher.js';
import type { Transition } from '../../../shared/types.js';
import { transition } from '../../unit/consensus/fixtures.js';

/** What reached subscribers for one publish, as the implementation's channel records it. */
export interface Delivered {
  readonly targetId: string;
  readonly status: string;
  readonly previousStatus: string;
  readonly messageId: string;
}

export interface AlertPublisherHarness {
  readonly publisher: AlertPublisher;
  /** Everything delivered so far, in order. */
  delivered(): Promise<readonly Delivered[]>;
  /** Makes the channel behind the publisher fail from now on. */
  breakChannel(): void;
}

/**
 * The promises every `AlertPublisher` keeps: one delivery per publish, carrying the target and both statuses that
 * subscription filters select on; the message id returned is the delivered one, distinct per publish; a failed
 * channel rejects the publish and delivers nothing, so the transition stays pending and its retry sends it once.
 */
export function describeAlertPublisherContract(
  name: string,
  make: () => Promise<AlertPublisherHarness>,
): void {
  describe(`AlertPublisher contract: ${name}`, () => {
    it('delivers one message per publish and returns its id', async () => {
      const h = await make();
      const down = transition();
      const id = await h.publisher.publish(down);
      expect(typeof id).toBe('string');
      expect(id).not.toBe('');
      expect(await h.delivered()).toEqual([
        { targetId: down.targetId, status: 'down', previousStatus: 'up', messageId: id },
      ]);
    });

    it('gives each publish its own message id, in order', async () => {
      const h = await make();
      const sent: Transition[] = [
        transition({ targetId: 'svc-wsdl', from: 'up', to: 'down' }),
        transition({ targetId: 'svc-qr', from: 'up', to: 'degraded', at: '2026-03-15T07:06:00.000Z' }),
        transition({ targetId: 'svc-wsdl', from: 'down', to: 'up', at: '2026-03-15T07:07:00.000Z' }),
      ];
      const ids: string[] = [];
      for (const t of sent) ids.push(await h.publisher.publish(t));
      expect(new Set(ids).size).toBe(3);
      expect(await h.delivered()).toEqual(
        sent.map((t, i) => ({
          targetId: t.targetId,
          status: t.to,
          previousStatus: t.from,
          messageId: ids[i],
        })),
      );
    });

    it('rejects when its channel fails, and delivers nothing', async () => {
      const h = await make();
      h.breakChannel();
      await expect(h.publisher.publish(transition())).rejects.toBeInstanceOf(Error);
      expect(await h.delivered()).toEqual([]);
    });
  });
}
