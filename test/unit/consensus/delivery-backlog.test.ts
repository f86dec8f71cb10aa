import { describe, expect, it } from 'vitest';
import { DELIVERY_BACKOFF } from '../../../shared/consensus/outbox.js';
import { DYNAMODB_MAX_ITEM_BYTES } from '../../../shared/store/item-size.js';
import { MAX_STATE_ITEM_BYTES } from '../../../shared/store/state-store.js';
import { DAY, everyTransition, flappingFleet, HOUR } from './flapping-fleet.js';

describe('delivery while the publisher fails for days (30 regions)', () => {
  it('records every change at once, keeps the state small, and tells the backlog in one message', async () => {
    let down = true;
    const fleet = flappingFleet({ cycleMinutes: 10, failing: () => down });
    const threeDays = 3 * DAY;
    for (let s = 0; s < threeDays; s += 60) await fleet.sweep(s);

    const history = await everyTransition(fleet.transitions);
    const forSubscribers = history.filter((t) => t.audience !== 'ops');
    // Every decided transition is in the history, while nothing could be published.
    expect(fleet.decided.length).toBeGreaterThan(1000);
    expect(history.map((t) => t.at)).toEqual(fleet.decided.map((t) => t.at));
    expect(fleet.publisher.published).toEqual([]);
    expect(forSubscribers.every((t) => t.notification.state === 'pending')).toBe(true);
    // Back-off: attempts every 30 s at first, then at most every 2 minutes (not one per evaluation).
    expect(fleet.publishAttempts).toBeLessThanOrEqual(threeDays / (DELIVERY_BACKOFF.maxMs / 1000) + 10);
    expect(fleet.largestStateBytes).toBeLessThanOrEqual(MAX_STATE_ITEM_BYTES);
    expect(MAX_STATE_ITEM_BYTES).toBeLessThan(DYNAMODB_MAX_ITEM_BYTES / 4);
    const waiting = (await fleet.states.get('svc-wsdl'))!;
    expect(waiting.outbox.length).toBeLessThanOrEqual(1);
    expect(waiting.delivery?.since).toBe(forSubscribers[0]?.at);

    // The publisher recovers: the next sweeps deliver the whole backlog as one message.
    down = false;
    for (let s = threeDays; s < threeDays + 10 * 60; s += 60) await fleet.sweep(s);
    const after = await everyTransition(fleet.transitions);
    const told = after.filter((t) => t.audience !== 'ops');
    expect(told.every((t) => t.notification.state === 'sent' || t.notification.state === 'summarised')).toBe(
      true,
    );
    const messages = fleet.publisher.published;
    const [backlog] = messages;
    const summarised = told.filter((t) => t.notification.state === 'summarised');
    // The first message after the recovery is the newest change, telling every change before it.
    expect(backlog?.transition.notification.summary).toMatchObject({
      count: summarised.length,
      atLeast: false,
      first: { at: forSubscribers[0]?.at, from: forSubscribers[0]?.from, to: forSubscribers[0]?.to },
    });
    expect(summarised.length).toBeGreaterThanOrEqual(forSubscribers.length - 1);
    expect(summarised.map((t) => t.at)).toEqual(
      told.filter((t) => t.at < backlog!.transition.at).map((t) => t.at),
    );
    expect(summarised.every((t) => t.notification.summarisedIn === backlog?.transition.at)).toBe(true);
    expect(summarised.every((t) => t.notification.messageId === backlog?.messageId)).toBe(true);
    // Changes decided after it get a message of their own, in order, once each.
    expect(messages.slice(1).map((m) => m.transition.at)).toEqual(
      told.filter((t) => t.at > backlog!.transition.at).map((t) => t.at),
    );
    const state = (await fleet.states.get('svc-wsdl'))!;
    expect(state.delivery).toMatchObject({ failures: 0, retryAt: null });
    expect(fleet.largestStateBytes).toBeLessThanOrEqual(MAX_STATE_ITEM_BYTES);
  }, 120_000);

  it('tells a backlog longer than one delivery reads as "at least", and marks the rest on later sweeps', async () => {
    let down = true;
    const fleet = flappingFleet({ cycleMinutes: 10, failing: () => down, scanLimit: 20 });
    for (let s = 0; s < 12 * HOUR; s += 60) await fleet.sweep(s);
    const waiting = (await everyTransition(fleet.transitions)).filter((t) => t.audience !== 'ops');
    expect(waiting.length).toBeGreaterThan(60);

    down = false;
    // Within the back-off (at most two minutes), one message tells what the first read saw, as a lower bound.
    for (let s = 12 * HOUR; s < 12 * HOUR + 20 * 60; s += 60) await fleet.sweep(s);
    const [first] = fleet.publisher.published;
    const firstRead = (await everyTransition(fleet.transitions))
      .filter((t) => t.at >= waiting[0]!.at)
      .slice(0, 20)
      .filter((t) => t.audience !== 'ops');
    expect(first?.transition.notification.summary).toMatchObject({
      count: firstRead.length,
      atLeast: true,
      first: { at: waiting[0]?.at },
    });
    const after = (await everyTransition(fleet.transitions)).filter((t) => t.audience !== 'ops');
    // Later sweeps mark every change the message covered, also those beyond the first read.
    const before = after.filter((t) => t.at <= first!.transition.at);
    expect(before.length).toBeGreaterThan(firstRead.length + 1);
    expect(before.filter((t) => t.notification.state === 'pending')).toEqual([]);
    expect(before.filter((t) => t.notification.state === 'sent').map((t) => t.at)).toEqual([
      first?.transition.at,
    ]);
    expect(after.filter((t) => t.notification.state === 'pending')).toEqual([]);
  }, 60_000);

  it('sends a short backlog one message each, in order', async () => {
    let down = true;
    const fleet = flappingFleet({ cycleMinutes: 30, failing: () => down });
    for (let s = 0; s < 35 * 60; s += 60) await fleet.sweep(s);
    const waiting = (await everyTransition(fleet.transitions)).filter((t) => t.audience !== 'ops');
    expect(waiting.map((t) => t.to)).toEqual(['down', 'up', 'down']);
    down = false;
    await fleet.sweep(35 * 60);
    expect(fleet.publisher.published.map((p) => p.transition.at)).toEqual(waiting.map((t) => t.at));
    expect(fleet.publisher.published.every((p) => p.transition.notification.summary === undefined)).toBe(
      true,
    );
  });
});
