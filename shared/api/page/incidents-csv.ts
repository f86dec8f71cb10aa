import type { Locale } from '../../types.js';
import { incidentDurationMs } from '../incidents.js';
import type { TargetReport } from './load-report.js';
import { duration, wibSpreadsheetTime } from './page-format.js';
import { PAGE_TEXT, placeOf } from './page-text.js';

const HEADERS: Readonly<Record<Locale, readonly string[]>> = {
  id: [
    'ID target',
    'Target',
    'Jenis',
    'Mulai (UTC, ISO 8601)',
    'Selesai (UTC, ISO 8601)',
    'Mulai (WIB)',
    'Selesai (WIB)',
    'Durasi (detik)',
    'Durasi',
    'Keadaan',
    'Dasar keputusan',
    'Region dan alasan',
    'Berakhir karena',
    'Jadwal pemeliharaan yang diumumkan',
  ],
  en: [
    'Target ID',
    'Target',
    'Kind',
    'Start (UTC, ISO 8601)',
    'End (UTC, ISO 8601)',
    'Start (WIB)',
    'End (WIB)',
    'Duration (seconds)',
    'Duration',
    'State',
    'Decided by',
    'Regions and reasons',
    'Ended by',
    'Announced maintenance',
  ],
};
const STATE: Readonly<Record<Locale, { readonly ended: string; readonly ongoing: string }>> = {
  id: { ended: 'selesai', ongoing: 'masih berlangsung' },
  en: { ended: 'ended', ongoing: 'ongoing' },
};

/**
 * Semicolons: Excel takes the list separator from the computer's regional settings, and Indonesian (like most
 * settings that write decimals with a comma) uses `;`; LibreOffice asks and detects it. A UTF-8 byte-order mark, so
 * Excel reads the file as UTF-8; CRLF line ends; every text quoted; numbers are whole seconds, so no decimal
 * separator can be misread; times as `2026-03-15 14:05:00`, which both read as a date and time.
 */
export const CSV_SEPARATOR = ';';

/** A text cell, quoted; one a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR) starts with `'`. */
function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** The incidents of every target in a report, oldest first, one row each, as a spreadsheet opens it. */
export function incidentsCsv(reports: readonly TargetReport[], locale: Locale, now: Date): string {
  const text = PAGE_TEXT[locale];
  const rows = reports
    .flatMap((report) => report.incidents.map((incident) => ({ report, incident })))
    .sort((a, b) => (a.incident.start < b.incident.start ? -1 : a.incident.start > b.incident.start ? 1 : 0));
  const lines = [HEADERS[locale].map(cell).join(CSV_SEPARATOR)];
  for (const { report, incident } of rows) {
    const ms = incidentDurationMs(incident, now);
    lines.push(
      [
        cell(report.target.id),
        cell(report.target.name),
        cell(text.status[incident.kind]),
        cell(incident.start),
        cell(incident.end ?? ''),
        cell(wibSpreadsheetTime(incident.start)),
        cell(incident.end === null ? '' : wibSpreadsheetTime(incident.end)),
        String(Math.round(ms / 1000)),
        cell(duration(ms, locale)),
        cell(incident.end === null ? STATE[locale].ongoing : STATE[locale].ended),
        cell(`${text.rule[incident.startRule]} (${incident.startRule})`),
        cell(
          incident.evidence
            .map((v) => `${placeOf(v.region, locale)} (${v.region}): ${text.reason[v.reason]}`)
            .join('; '),
        ),
        cell(
          incident.endStatus === null || incident.endRule === null
            ? ''
            : `${text.status[incident.endStatus]}: ${text.rule[incident.endRule]} (${incident.endRule})`,
        ),
        // Time inside an announced window is apart from outages: the note (or the window's id) says which.
        cell(incident.announced === null ? '' : (incident.announced.note ?? incident.announced.id)),
      ].join(CSV_SEPARATOR),
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
