import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConsoleFileAlertPublisher, type OutboxLine } from '../../../local/console-file-alert-publisher.js';
import type { AlertPublisher } from '../../../shared/alerts/alert-publisher.js';
import type { Transition } from '../../../shared/types.js';

function transition(overrides: Partial<Transition> = {}): Transition {
  return {
    targetId: 'svc-wsdl',
    at: '2026-03-16T07:05:00.000Z',
    from: 'up',
    to: 'down',
    fromSince: '2026-03-16T01:00:00.000Z',
    rule: 'quorum_down',
    votes: [],
    notification: { state: 'pending', messageId: null, attempts: 0, lastError: null },
    ...overrides,
  };
}

const render = (t: Transition) => ({
  subject: `${t.targetId} ${t.to.toUpperCase()}`,
  text: `was ${t.from}\nnow ${t.to}`,
});
const renderWithSms = (t: Transition) => ({ ...render(t), sms: `SMS ${t.targetId} ${t.to}` });

function readLines(file: string): OutboxLine[] {
  return readFileSync(file, 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as OutboxLine);
}

describe('ConsoleFileAlertPublisher', () => {
  it('prints each alert and appends it as one JSON line, creating the folder', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'outbox-')), 'nested', 'alerts.jsonl');
    const printed: string[] = [];
    let n = 0;
    const publisher = new ConsoleFileAlertPublisher({
      file,
      print: (text) => printed.push(text),
      render,
      newId: () => `id${++n}`,
      now: () => new Date('2026-03-16T07:05:01.000Z'),
    });
    expect(await publisher.publish(transition())).toBe('local-id1');
    expect(
      await publisher.publish(transition({ at: '2026-03-16T07:20:00.000Z', from: 'down', to: 'up' })),
    ).toBe('local-id2');
    const lines = readLines(file);
    expect(lines.map((l) => [l.messageId, l.targetId, l.from, l.to, l.at, l.subject])).toEqual([
      ['local-id1', 'svc-wsdl', 'up', 'down', '2026-03-16T07:05:00.000Z', 'svc-wsdl DOWN'],
      ['local-id2', 'svc-wsdl', 'down', 'up', '2026-03-16T07:20:00.000Z', 'svc-wsdl UP'],
    ]);
    expect(lines[0]).toMatchObject({
      publishedAt: '2026-03-16T07:05:01.000Z',
      channels: ['console', 'file'],
    });
    expect(lines[0]?.transition).toEqual(transition());
    expect(printed[0]).toBe(`ALERT svc-wsdl DOWN\n    was up\n    (full message in ${file})`);
  });

  it('forwards first and writes nothing when the forward fails', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'outbox-')), 'alerts.jsonl');
    let fail = true;
    const sns: AlertPublisher = {
      publish: async () => {
        if (fail) throw new Error('throttled');
        return 'sns-message-1';
      },
    };
    const printed: string[] = [];
    const publisher = new ConsoleFileAlertPublisher({
      file,
      print: (text) => printed.push(text),
      render: renderWithSms,
      forward: sns,
    });
    await expect(publisher.publish(transition())).rejects.toThrow('throttled');
    expect(() => readFileSync(file)).toThrow();
    fail = false;
    expect(await publisher.publish(transition())).toBe('sns-message-1');
    expect(readLines(file).map((l) => [l.messageId, l.channels, l.sms])).toEqual([
      ['sns-message-1', ['console', 'file', 'sns'], 'SMS svc-wsdl down'],
    ]);
    expect(printed).toEqual([`ALERT svc-wsdl DOWN\n    SMS svc-wsdl down\n    (full message in ${file})`]);
  });
});
