import type { IncomingHttpHeaders } from 'node:http';
import { PassThrough } from 'node:stream';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BodyReader, encodingOf, isZlibWrapped } from '../../../../shared/probe/http/body-reader.js';
import type { HttpFailure } from '../../../../shared/probe/http/http-types.js';

interface Finished {
  readonly failure: HttpFailure | null;
  readonly body: string;
}

/** Reads `chunks` through a reader and resolves with how it finished (the first finish only). */
function read(
  headers: IncomingHttpHeaders,
  chunks: readonly Buffer[],
  cap: number,
  ending: 'end' | 'close' = 'end',
): Promise<Finished> {
  return new Promise((resolve) => {
    const source = Object.assign(new PassThrough(), { headers });
    let done = false;
    BodyReader.start(
      source,
      cap,
      () => !done,
      (failure, body) => {
        done = true;
        resolve({ failure, body: body.toString('latin1') });
      },
    );
    for (const chunk of chunks) source.write(chunk);
    if (ending === 'end') source.end();
    else source.destroy();
  });
}

describe('encodingOf', () => {
  it.each([
    [undefined, null],
    ['', null],
    ['identity', null],
    [' GZIP ', 'gzip'],
    ['x-gzip', 'gzip'],
    ['deflate', 'deflate'],
    ['br', 'br'],
    ['gzip, br', { unsupported: 'gzip, br' }],
    ['zstd', { unsupported: 'zstd' }],
  ])('%j → %j', (header, expected) => {
    expect(encodingOf(header)).toEqual(expected);
  });
});

describe('isZlibWrapped', () => {
  it.each([
    [zlib.deflateSync(Buffer.from('x')), true],
    [zlib.deflateRawSync(Buffer.from('x')), false],
    [Buffer.from([0x78]), false],
  ])('%#', (chunk, expected) => {
    expect(isZlibWrapped(chunk)).toBe(expected);
  });
});

describe('BodyReader', () => {
  const text = Buffer.from('<ok>svc</ok>'.repeat(100));

  it.each([
    ['identity', {}, [text.subarray(0, 500), text.subarray(500)]],
    ['gzip', { 'content-encoding': 'gzip' }, [zlib.gzipSync(text)]],
    ['zlib deflate', { 'content-encoding': 'deflate' }, [zlib.deflateSync(text)]],
    ['raw deflate', { 'content-encoding': 'deflate' }, [zlib.deflateRawSync(text)]],
    ['brotli', { 'content-encoding': 'br' }, [zlib.brotliCompressSync(text)]],
  ])('reads a complete %s body', async (_name, headers, chunks) => {
    expect(await read(headers, chunks, 64 * 1024)).toEqual({ failure: null, body: text.toString('latin1') });
  });

  it('stops at the chunk that takes the wire count past the cap, keeping what came before', async () => {
    const finished = await read({}, [text.subarray(0, 60), text.subarray(60, 120)], 100);
    expect(finished).toEqual({
      failure: { reason: 'too_large', detail: 'body larger than 100 bytes' },
      body: text.subarray(0, 60).toString('latin1'),
    });
  });

  it('stops a small compressed body that decodes past the cap', async () => {
    const bomb = zlib.gzipSync(Buffer.alloc(1024 * 1024, 'a'));
    expect(bomb.length).toBeLessThan(4096);
    const finished = await read({ 'content-encoding': 'gzip' }, [bomb], 4096);
    expect(finished.failure?.reason).toBe('too_large');
    expect(finished.body).toHaveLength(4096);
  });

  it('trusts no Content-Length: a body longer than declared is still capped', async () => {
    const chunks = [text.subarray(0, 150), text.subarray(150, 300)];
    const finished = await read({ 'content-length': '10' }, chunks, 200);
    expect(finished.failure?.reason).toBe('too_large');
    expect(finished.body).toBe(text.subarray(0, 150).toString('latin1'));
  });

  it('refuses an unsupported Content-Encoding before reading', async () => {
    expect(await read({ 'content-encoding': 'zstd' }, [text], 4096)).toEqual({
      failure: { reason: 'unexpected_body', detail: 'unsupported Content-Encoding "zstd"' },
      body: '',
    });
  });

  it('reports a body that does not decode, with what was decoded', async () => {
    const finished = await read({ 'content-encoding': 'gzip' }, [Buffer.from('not gzip at all')], 4096);
    expect(finished.failure).toEqual({
      reason: 'unexpected_body',
      detail: expect.stringMatching(/^gzip decoding failed: /),
    });
  });

  it('reports a connection closed before the body ended', async () => {
    const finished = await read({}, [Buffer.from('partial')], 4096, 'close');
    expect(finished).toEqual({
      failure: { reason: 'reset', detail: 'connection closed after 7 bytes of body' },
      body: 'partial',
    });
  });
});
