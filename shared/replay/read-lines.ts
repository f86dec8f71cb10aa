/** Longer lines are refused: a result is a few hundred characters, and a line is held whole while it is read. */
export const MAX_LINE_CHARS = 64 * 1024;

export interface NumberedLine {
  /** 1-based. */
  readonly number: number;
  /** Without its line ending. */
  readonly text: string;
}

/** A file that cannot be split into lines of text: too long a line, or not UTF-8. */
export class LineReadError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'LineReadError';
  }
}

/** Whether bytes start with a UTF-16 byte-order mark (what Windows PowerShell 5 writes by default). */
export function isUtf16(chunk: Uint8Array): boolean {
  return (
    chunk.length >= 2 &&
    ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff))
  );
}

/**
 * The lines of a stream of chunks, a batch per chunk, holding at most one line and one chunk at a time (readline
 * would buffer a line without end indefinitely). LF or CRLF endings; a byte-order mark at the start is dropped.
 */
export async function* readLines(
  chunks: AsyncIterable<Uint8Array | string>,
  maxLineChars = MAX_LINE_CHARS,
): AsyncGenerator<NumberedLine[]> {
  const decoder = new TextDecoder('utf-8');
  let rest = '';
  let number = 0;
  let first = true;
  const split = (text: string, final: boolean): NumberedLine[] => {
    const data = rest + text;
    const batch: NumberedLine[] = [];
    let start = 0;
    for (let end = data.indexOf('\n'); end !== -1; end = data.indexOf('\n', start)) {
      number++;
      const line = data.slice(start, data[end - 1] === '\r' ? end - 1 : end);
      if (line.length > maxLineChars)
        throw new LineReadError(number, `longer than ${maxLineChars} characters`);
      batch.push({ number, text: line });
      start = end + 1;
    }
    rest = data.slice(start);
    if (rest.length > maxLineChars)
      throw new LineReadError(number + 1, `longer than ${maxLineChars} characters`);
    if (final && rest !== '') {
      number++;
      batch.push({ number, text: rest.endsWith('\r') ? rest.slice(0, -1) : rest });
      rest = '';
    }
    return batch;
  };
  for await (const chunk of chunks) {
    if (first && typeof chunk !== 'string' && isUtf16(chunk)) {
      throw new LineReadError(1, 'the file is UTF-16 text; save it as UTF-8');
    }
    let text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (first && text.startsWith('\uFEFF')) text = text.slice(1);
    if (text === '') continue;
    first = false;
    const batch = split(text, false);
    if (batch.length > 0) yield batch;
  }
  const batch = split(decoder.decode(), true);
  if (batch.length > 0) yield batch;
}
