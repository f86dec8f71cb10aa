import { describe, expect, it } from 'vitest';
import { MAX_DETAIL_LENGTH, shorten } from '../../../shared/probe/format.js';
import { safeText } from '../../../shared/probe/safe-text.js';

describe('safeText', () => {
  it.each([
    ['ESC colour codes', 'Login \u001b[31mnow\u001b[0m', 'Login now'],
    ['a cursor move with parameters', 'a\u001b[2;5Hb', 'ab'],
    ['BEL', 'Ping\u0007\u0007', 'Ping'],
    ['an OSC title change', 'x\u001b]0;owned\u0007y', 'xy'],
    ['an OSC hyperlink', '\u001b]8;;http://evil.example\u001b\\click\u001b]8;;\u001b\\', 'click'],
    ['an unterminated OSC', 'ok\u001b]2;rest of the page', 'ok'],
    ['a lone ESC', 'end\u001b', 'end'],
    ['the C1 CSI', 'a\u009b31mb', 'ab'],
    ['NUL, DEL and C1 controls', 'a\u0000b\u007fc\u0080d\u009fe', 'abcde'],
    ['bidi overrides and isolates', 'gnp.\u202eexe\u202c \u2066x\u2069 \u200ey\u200f', 'gnp.exe x y'],
    ['invisible characters', 'a\u200bb\u2060c\ufeffd', 'abcd'],
    ['line breaks of every kind', 'a\r\nb\u2028c\u0085d\te', 'a b c d e'],
    ['a lone surrogate', 'a\ud800b', 'a\ufffdb'],
    [
      'text that needs nothing',
      'Faktur Valid, Sudah Diapprove oleh DJP',
      'Faktur Valid, Sudah Diapprove oleh DJP',
    ],
    ['non-Latin scripts', 'خدمة  大 😀', 'خدمة 大 😀'],
  ])('removes %s', (_name, input, expected) => {
    expect(safeText(input)).toBe(expected);
  });
});

describe('shorten', () => {
  it('never leaves a control character, escape sequence or line break in a detail', () => {
    const hostile = 'Title \u001b[2J\u001b[H\u0007\r\nSecond line\u202e';
    expect(shorten(hostile)).toBe('Title Second line');
  });

  it('cuts at code points: a surrogate pair is never split', () => {
    const emoji = '😀'.repeat(10);
    expect(shorten(emoji, 5)).toBe('😀😀😀😀…');
    expect(shorten(emoji, 10)).toBe(emoji);
  });

  it('cleans only a bounded head of a huge text', () => {
    const huge = `start ${'x'.repeat(16 * 1024 * 1024)}`;
    const line = shorten(huge);
    expect(line).toHaveLength(MAX_DETAIL_LENGTH);
    expect(line.endsWith('…')).toBe(true);
  });

  it('marks a cut even when what is left after cleaning is short', () => {
    expect(shorten(`ok${'\u0007'.repeat(5000)}tail`, 20)).toBe('ok…');
  });

  it('redacts credentials of URLs inside the text', () => {
    expect(shorten('redirect loop back to http://user:secret@svc.example/x')).toBe(
      'redirect loop back to http://***@svc.example/x',
    );
  });
});
