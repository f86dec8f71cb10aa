import type { IncomingHttpHeaders } from 'node:http';
import zlib from 'node:zlib';
import { formatBytes, shorten } from '../format.js';
import { failureOfError, type NodeError } from './failures.js';
import type { HttpFailure } from './http-types.js';

type Encoding = 'gzip' | 'deflate' | 'br';
type ContentDecoder = zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress;

/** The decoder a Content-Encoding asks for; `null` for identity; a string names what is unsupported. */
export function encodingOf(header: string | undefined): Encoding | null | { unsupported: string } {
  const codings = (header ?? '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity');
  if (codings.length === 0) return null;
  const [only] = codings;
  if (codings.length > 1 || only === undefined) return { unsupported: codings.join(', ') };
  if (only === 'gzip' || only === 'x-gzip') return 'gzip';
  if (only === 'deflate' || only === 'br') return only;
  return { unsupported: only };
}

/** Whether a deflate body starts with a zlib header (browsers accept both it and raw deflate). */
export function isZlibWrapped(firstChunk: Buffer): boolean {
  return (
    firstChunk.length >= 2 &&
    ((firstChunk[0] ?? 0) & 0x0f) === 8 &&
    (((firstChunk[0] ?? 0) << 8) | (firstChunk[1] ?? 0)) % 31 === 0
  );
}

function decoderFor(encoding: Encoding, firstChunk: Buffer): ContentDecoder {
  switch (encoding) {
    case 'gzip':
      return zlib.createGunzip();
    case 'deflate':
      return isZlibWrapped(firstChunk)
        ? zlib.createInflate()
        : zlib.createInflateRaw({ finishFlush: zlib.constants.Z_SYNC_FLUSH });
    case 'br':
      return zlib.createBrotliDecompress();
  }
}

/** The answer stream a body is read from (an `IncomingMessage`, or a stand-in in tests). */
export interface BodySource {
  readonly headers: IncomingHttpHeaders;
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  on(event: 'end' | 'close', listener: () => void): unknown;
  on(event: 'error', listener: (error: NodeError) => void): unknown;
  pause(): unknown;
  resume(): unknown;
}

/** Called once the body ended, failed or passed the cap: `failure` is `null` for a complete body. */
export type BodyFinish = (failure: HttpFailure | null, body: Buffer) => void;

/**
 * Reads one answer's body, decoded, into one buffer that grows by doubling and never past the cap: the body is
 * held once, not as chunks and then as their concatenation. Reading stops past `cap` bytes on the wire or decoded.
 * Every event is ignored once `live()` turns false (the exchange settled or moved to another hop).
 */
export class BodyReader {
  private buffer: Buffer;
  private size = 0;
  private raw = 0;
  private ended = false;
  private decoder: ContentDecoder | null = null;

  private constructor(
    source: BodySource,
    private readonly encoding: Encoding | null,
    private readonly cap: number,
    private readonly live: () => boolean,
    private readonly finish: BodyFinish,
  ) {
    const declared = Number(source.headers['content-length']);
    this.buffer = Buffer.allocUnsafe(
      encoding === null && declared > 0 && declared <= cap ? declared : Math.min(cap, 64 * 1024),
    );
  }

  /** Starts reading; `null` (and `finish` already called) when the Content-Encoding is not supported. */
  static start(source: BodySource, cap: number, live: () => boolean, finish: BodyFinish): BodyReader | null {
    const encoding = encodingOf(source.headers['content-encoding']);
    if (encoding !== null && typeof encoding === 'object') {
      const detail = `unsupported Content-Encoding "${shorten(encoding.unsupported, 40)}"`;
      finish({ reason: 'unexpected_body', detail }, Buffer.alloc(0));
      return null;
    }
    const reader = new BodyReader(source, encoding, cap, live, finish);
    reader.listen(source);
    return reader;
  }

  /** Decoded bytes kept so far. */
  get bytes(): number {
    return this.size;
  }

  body(): Buffer {
    return this.buffer.subarray(0, this.size);
  }

  destroy(): void {
    this.decoder?.destroy();
  }

  private listen(source: BodySource): void {
    source.on('data', (chunk: Buffer) => this.onChunk(source, chunk));
    source.on('end', () => {
      this.ended = true;
      if (!this.live()) return;
      if (this.decoder === null) this.complete();
      else this.decoder.end();
    });
    source.on('error', (error: NodeError) => {
      if (this.live()) this.finish(failureOfError(error, 'body', this.size), this.body());
    });
    source.on('close', () => {
      if (this.live() && !this.ended) {
        const detail = `connection closed after ${formatBytes(this.size)} of body`;
        this.finish({ reason: 'reset', detail }, this.body());
      }
    });
  }

  private onChunk(source: BodySource, chunk: Buffer): void {
    if (!this.live()) return;
    this.raw += chunk.length;
    if (this.raw > this.cap) {
      this.tooLarge();
      return;
    }
    if (this.encoding === null) {
      this.take(chunk);
      return;
    }
    this.decoder ??= this.startDecoder(this.encoding, chunk);
    if (!this.decoder.write(chunk)) {
      source.pause();
      this.decoder.once('drain', () => source.resume());
    }
  }

  private startDecoder(encoding: Encoding, firstChunk: Buffer): ContentDecoder {
    const decoder = decoderFor(encoding, firstChunk);
    decoder.on('data', (chunk: Buffer) => this.take(chunk));
    decoder.on('end', () => this.complete());
    decoder.on('error', (error) => {
      if (!this.live()) return;
      const detail = shorten(`${encoding} decoding failed: ${error.message}`);
      this.finish({ reason: 'unexpected_body', detail }, this.body());
    });
    return decoder;
  }

  private take(chunk: Buffer): void {
    if (!this.live()) return;
    const kept = Math.min(chunk.length, this.cap - this.size);
    if (this.size + kept > this.buffer.length) {
      const grown = Buffer.allocUnsafe(
        Math.min(this.cap, Math.max(this.buffer.length * 2, this.size + kept)),
      );
      this.buffer.copy(grown, 0, 0, this.size);
      this.buffer = grown;
    }
    chunk.copy(this.buffer, this.size, 0, kept);
    this.size += kept;
    if (kept < chunk.length) this.tooLarge();
  }

  private tooLarge(): void {
    this.finish({ reason: 'too_large', detail: `body larger than ${formatBytes(this.cap)}` }, this.body());
  }

  private complete(): void {
    if (this.live()) this.finish(null, this.body());
  }
}
