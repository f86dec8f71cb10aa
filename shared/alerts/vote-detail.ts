import type { Locale, ReasonCode } from '../types.js';
import { VOCABULARY } from './message-vocabulary.js';

/** The words of one kind of detail, in each language, around its raw parts (`raw[0]`, `raw[1]`, ...). */
type Phrase = Readonly<Record<Locale, (raw: readonly string[]) => string>>;

/** `text (raw)`, or `text` alone when the raw part is missing. */
const bracket = (text: string, raw: string | undefined) =>
  raw === undefined || raw === '' ? text : `${text} (${raw})`;

/**
 * The detail templates the probe writes (see `shared/probe`), each with its words in both languages. The raw parts
 * (error codes, addresses, status lines, quoted page text) are kept as they are, in brackets.
 */
const PHRASES: readonly (readonly [RegExp, Phrase])[] = [
  [/^connection reset$/, { id: () => 'koneksi terputus', en: () => 'connection reset' }],
  [
    /^connection closed before a response$/,
    { id: () => 'koneksi ditutup sebelum ada jawaban', en: () => 'connection closed before a response' },
  ],
  [
    /^connection (reset|closed) after (.+) of body$/,
    {
      id: ([how, size]) => `koneksi ${how === 'reset' ? 'terputus' : 'ditutup'} setelah ${size} isi jawaban`,
      en: ([how, size]) => `connection ${how} after ${size} of body`,
    },
  ],
  [
    /^connection reset during the TLS handshake$/,
    {
      id: () => 'koneksi terputus saat jabat tangan TLS',
      en: () => 'connection reset during the TLS handshake',
    },
  ],
  [
    /^connection refused(?: by (.+))?$/,
    {
      id: ([by]) => bracket('koneksi ditolak', by),
      en: ([by]) => bracket('connection refused', by),
    },
  ],
  [/^connect timeout$/, { id: () => 'timeout saat menyambung', en: () => 'connect timeout' }],
  [
    /^(DNS lookup|connect|TLS handshake) timeout after (.+)$/,
    {
      id: ([phase, after]) =>
        `timeout ${phase === 'DNS lookup' ? 'DNS' : phase === 'connect' ? 'saat menyambung' : 'jabat tangan TLS'} setelah ${after}`,
      en: ([phase, after]) => `${phase} timeout after ${after}`,
    },
  ],
  [
    /^no answer yet after (.+)$/,
    { id: ([a]) => `belum ada jawaban setelah ${a}`, en: ([a]) => `no answer yet after ${a}` },
  ],
  [
    /^no response after (.+)$/,
    { id: ([a]) => `tidak ada jawaban setelah ${a}`, en: ([a]) => `no response after ${a}` },
  ],
  [
    /^body incomplete after (.+)$/,
    { id: ([a]) => `isi jawaban belum lengkap setelah ${a}`, en: ([a]) => `body incomplete after ${a}` },
  ],
  [
    /^cannot resolve (.+)$/,
    {
      id: ([host]) => bracket('nama server tidak ditemukan', host),
      en: ([host]) => bracket('cannot resolve', host),
    },
  ],
  [
    /^name resolution failed$/,
    { id: () => 'nama server tidak ditemukan', en: () => 'name resolution failed' },
  ],
  [/^TLS: (.+)$/, { id: ([why]) => bracket('TLS gagal', why), en: ([why]) => bracket('TLS failure', why) }],
  [/^invalid HTTP response$/, { id: () => 'jawaban HTTP tidak sah', en: () => 'invalid HTTP response' }],
  [
    /^maintenance page(?: \((HTTP [^)]*)\))?(?:: "(.*?)"?)?$/s,
    {
      id: ([line, text]) => bracket(bracket('halaman perbaikan', line), text && `"${text}"`),
      en: ([line, text]) => bracket(bracket('maintenance page', line), text && `"${text}"`),
    },
  ],
  [
    /^WSDL of (MasterFakturService)$/,
    { id: ([name]) => bracket('WSDL yang benar', name), en: ([name]) => bracket('valid WSDL', name) },
  ],
  [
    /^(HTTP \d{3}[^(]*?) \(expected ([^)]*)\)$/,
    {
      id: ([line, expected]) => `${line} (diharapkan ${expected})`,
      en: ([line, expected]) => `${line} (expected ${expected})`,
    },
  ],
  [
    /^QR validation answered(?:: (.*))?$/s,
    {
      id: ([text]) => bracket('validasi QR menjawab', text && `"${text}"`),
      en: ([text]) => bracket('QR validation answered', text && `"${text}"`),
    },
  ],
  [/^empty body$/, { id: () => 'jawaban kosong', en: () => 'empty body' }],
  [
    /^text "(.*)" (not found|found) in the body$/s,
    {
      id: ([text, found]) =>
        bracket(
          found === 'found' ? 'teks terlarang ada di jawaban' : 'teks wajib tidak ada di jawaban',
          `"${text}"`,
        ),
      en: ([text, found]) =>
        bracket(
          found === 'found' ? 'forbidden text in the body' : 'required text missing from the body',
          `"${text}"`,
        ),
    },
  ],
  [
    /^body larger than (.+)$/,
    { id: ([size]) => `jawaban lebih besar dari ${size}`, en: ([size]) => `body larger than ${size}` },
  ],
];

/** Suffixes the probe appends to another detail; the inner detail is put in words first. */
const SUFFIXES: readonly (readonly [RegExp, Phrase])[] = [
  [
    /^(.+) after redirect to (.+)$/s,
    {
      id: ([inner, host]) => `${inner} setelah dialihkan (${host})`,
      en: ([inner, host]) => `${inner} after a redirect (${host})`,
    },
  ],
  [
    /^(.+), slow: (\S+ s) \(over (\S+ s)\)$/s,
    {
      id: ([inner, took, limit]) => `${inner}, lambat: ${took} (batas ${limit})`,
      en: ([inner, took, limit]) => `${inner}, slow: ${took} (limit ${limit})`,
    },
  ],
];

/** A trailing error code, as the probe appends it: `connection reset (ECONNRESET)`. */
const ERROR_CODE = /^(.+) \(([A-Z][A-Z0-9_]{2,})\)$/s;

function phrased(detail: string, locale: Locale, depth: number): string | null {
  const coded = ERROR_CODE.exec(detail);
  if (coded?.[1] !== undefined && depth > 0) {
    const inner = phrased(coded[1], locale, depth - 1);
    if (inner !== null) return `${inner} (${coded[2]})`;
  }
  for (const [pattern, phrase] of PHRASES) {
    const match = pattern.exec(detail);
    if (match) return phrase[locale](match.slice(1).map((part) => part ?? ''));
  }
  if (depth > 0) {
    for (const [pattern, phrase] of SUFFIXES) {
      const match = pattern.exec(detail);
      const inner = match?.[1] === undefined ? null : phrased(match[1], locale, depth - 1);
      if (match && inner !== null) return phrase[locale]([inner, ...match.slice(2).map((p) => p ?? '')]);
    }
  }
  return null;
}

/** Longer details than the probe ever writes (votes keep 200 characters) are shown as they are. */
const MAX_PHRASED_LENGTH = 400;

/**
 * A vote's detail in the message's language: the probe's detail put in words when it is one the probe writes,
 * else the reason in words with the probe's own text in brackets. Stored details stay as the probe wrote them.
 */
export function voteDetail(
  vote: { readonly reason: ReasonCode; readonly detail: string },
  locale: Locale,
): string {
  const reason = VOCABULARY[locale].reason[vote.reason];
  const detail = vote.detail.trim();
  if (detail === '') return reason;
  const words = detail.length <= MAX_PHRASED_LENGTH ? phrased(detail, locale, 3) : null;
  return words ?? (locale === 'en' ? detail : bracket(reason, detail));
}
