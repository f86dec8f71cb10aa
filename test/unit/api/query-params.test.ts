import { type Context, Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { BadParameterError } from '../../../shared/api/api-error.js';
import { MAX_ACCEPT_LENGTH, wantsHtml, wantsNdjson } from '../../../shared/api/negotiation.js';
import { enumParam, isoTimeParam, limitParam } from '../../../shared/api/query-params.js';

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof BadParameterError) return error.message;
    throw error;
  }
  throw new Error('no error');
}

describe('limitParam', () => {
  const opts = { fallback: 50, max: 500 };
  it('defaults when absent and accepts the bounds', () => {
    expect(limitParam({}, opts)).toBe(50);
    expect(limitParam({ limit: ['1'] }, opts)).toBe(1);
    expect(limitParam({ limit: ['500'] }, opts)).toBe(500);
  });
  it.each(['0', '501', '-1', '1.5', 'ten', '', '1e3', '99999999999'])('rejects %j naming the rule', (raw) => {
    expect(messageOf(() => limitParam({ limit: [raw] }, opts))).toBe(
      'limit: must be an integer between 1 and 500',
    );
  });
  it('rejects a repeated parameter', () => {
    expect(messageOf(() => limitParam({ limit: ['1', '2'] }, opts))).toBe(
      'limit: must be given at most once',
    );
  });
});

describe('isoTimeParam', () => {
  it.each([
    ['2026-03-15T03:00:00Z', '2026-03-15T03:00:00.000Z'],
    ['2026-03-15T03:00:00.5Z', '2026-03-15T03:00:00.500Z'],
    ['2026-03-15T10:00:00+07:00', '2026-03-15T03:00:00.000Z'],
    ['2026-03-15T10:00:00 07:00', '2026-03-15T03:00:00.000Z'],
    ['2026-03-15T10:00+0700', '2026-03-15T03:00:00.000Z'],
  ])('normalises %s to UTC', (raw, expected) => {
    expect(isoTimeParam({ before: [raw] }, 'before')).toBe(expected);
  });
  it.each(['yesterday', '2026-03-15', '2026-03-15T03:00:00', '2026-13-45T03:00:00Z', '1710471600'])(
    'rejects %s',
    (raw) => {
      expect(messageOf(() => isoTimeParam({ before: [raw] }, 'before'))).toBe(
        'before: must be an ISO 8601 time with a zone, e.g. 2026-03-15T03:00:00Z',
      );
    },
  );
});

describe('enumParam', () => {
  it('defaults and validates', () => {
    expect(enumParam({}, 'window', ['24h', '7d'], '24h')).toBe('24h');
    expect(enumParam({ window: ['7d'] }, 'window', ['24h', '7d'], '24h')).toBe('7d');
    expect(messageOf(() => enumParam({ window: ['1y'] }, 'window', ['24h', '7d'], '24h'))).toBe(
      'window: must be one of 24h, 7d',
    );
  });
});

/** Whether a request with this `Accept` header gets NDJSON (Hono's `accepts` reads the header). */
async function prefersNdjson(accept: string | undefined): Promise<boolean> {
  const app = new Hono().get('/', (c) => c.text(String(wantsNdjson(c))));
  const res = await app.request('/', accept === undefined ? {} : { headers: { accept } });
  return (await res.text()) === 'true';
}

describe('prefersNdjson', () => {
  it.each([
    [undefined, false],
    ['application/json', false],
    ['application/x-ndjson', true],
    ['application/ndjson', true],
    ['application/json;q=0.5, application/x-ndjson', true],
    ['application/json, application/x-ndjson;q=0.5', false],
    ['application/x-ndjson;q=0', false],
    ['*/*', false],
  ])('%s → %s', async (accept, expected) => {
    expect(await prefersNdjson(accept)).toBe(expected);
  });

  it('reads a header with more ranges than a call can take as arguments', async () => {
    const many = `${'application/x-ndjson;q=0.1, '.repeat(200_000)}application/json;q=0.5`;
    expect(await prefersNdjson(many)).toBe(false);
  });
});

describe('an Accept header longer than any client sends', () => {
  // Reading one took seconds of CPU: it is ignored, as a missing header is.
  const padded = (type: string, length: number) =>
    `${type}, ${'x/y;q=0.001, '.repeat(length)}`.slice(0, length);

  it.each([
    ['NDJSON', 'application/x-ndjson', (c: Context) => wantsNdjson(c)],
    ['HTML', 'text/html', (c: Context) => wantsHtml(c)],
  ])('gets JSON when it asks for %s', async (_, type, wants) => {
    const app = new Hono().get('/', (c) => c.text(String(wants(c))));
    const ask = async (accept: string) => (await app.request('/', { headers: { accept } })).text();
    expect(await ask(padded(type, MAX_ACCEPT_LENGTH))).toBe('true');
    expect(await ask(padded(type, MAX_ACCEPT_LENGTH + 1))).toBe('false');
  });
});
