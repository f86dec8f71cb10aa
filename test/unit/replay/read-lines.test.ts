import { describe, expect, it } from 'vitest';
import { LineReadError, readLines } from '../../../shared/replay/read-lines.js';

async function linesOf(chunks: (string | Uint8Array)[], max?: number): Promise<[number, string][]> {
  const out: [number, string][] = [];
  for await (const batch of readLines(
    (async function* () {
      yield* chunks;
    })(),
    max,
  )) {
    for (const line of batch) out.push([line.number, line.text]);
  }
  return out;
}

/** `text` as UTF-8 bytes cut every `size` bytes (through multi-byte characters too). */
function bytesEvery(text: string, size: number): Uint8Array[] {
  const bytes = new TextEncoder().encode(text);
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

describe('readLines', () => {
  const text = '\uFEFFone\r\ntwo — dua\n\nthree 🚦\r\nlast without end';
  const expected: [number, string][] = [
    [1, 'one'],
    [2, 'two — dua'],
    [3, ''],
    [4, 'three 🚦'],
    [5, 'last without end'],
  ];

  it.each([1, 2, 3, 5, 7, 64, 4096])(
    'splits LF and CRLF lines and drops the byte-order mark, whatever the chunk size (%i bytes)',
    async (size) => {
      expect(await linesOf(bytesEvery(text, size))).toEqual(expected);
    },
  );

  it('reads text chunks too', async () => {
    expect(await linesOf([text.slice(0, 9), text.slice(9)])).toEqual(expected);
  });

  it('gives nothing for an empty input and one empty line for a lone newline', async () => {
    expect(await linesOf([])).toEqual([]);
    expect(await linesOf(['\n'])).toEqual([[1, '']]);
  });

  it('refuses a line longer than the limit, naming it, without holding more than the limit', async () => {
    const chunks = ['short\n', ...Array.from({ length: 100 }, () => 'x'.repeat(10))];
    await expect(linesOf(chunks, 50)).rejects.toThrow(new LineReadError(2, 'longer than 50 characters'));
    await expect(linesOf(['ok\n', `${'y'.repeat(51)}\n`], 50)).rejects.toThrow(
      'line 2: longer than 50 characters',
    );
    expect(await linesOf([`${'z'.repeat(50)}\r\n`], 50)).toEqual([[1, 'z'.repeat(50)]]);
  });

  it.each([
    ['little-endian', [0xff, 0xfe, 0x7b, 0x00]],
    ['big-endian', [0xfe, 0xff, 0x00, 0x7b]],
  ])('refuses UTF-16 (%s) text with a hint', async (_name, bytes) => {
    await expect(linesOf([Uint8Array.from(bytes)])).rejects.toThrow(
      'line 1: the file is UTF-16 text; save it as UTF-8',
    );
  });
});
