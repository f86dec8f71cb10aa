import { describe, expect, it } from 'vitest';
import { describeResult } from '../../../local/local-channels.js';
import type { UnitResult } from '../../../shared/channels/channel-notifier.js';

const SENT: UnitResult = { channelId: 'ops', type: 'webhook', attempt: 1, outcome: 'sent', status: 0 };

describe('the console line of a channel delivery', () => {
  it.each<[string, UnitResult, boolean, string]>([
    ['a real send', SENT, false, 'channel ops (webhook): sent'],
    [
      'a dry run, which sends nothing',
      SENT,
      true,
      'channel ops (webhook): printed above, not sent (--channels-dry-run)',
    ],
    ['a retried send', { ...SENT, attempt: 2 }, false, 'channel ops (webhook): sent on attempt 2'],
  ])('%s', (_what, result, dryRun, line) => {
    expect(describeResult(result, dryRun)).toBe(line);
  });
});
