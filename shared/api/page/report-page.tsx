import { createHash } from 'node:crypto';
import type { Child } from 'hono/jsx';
import type { FleetConfig } from '../../config/fleet-config.js';
import { redactUrl } from '../../probe/redact-url.js';
import type { CheckKind, ConsensusPolicy, Locale } from '../../types.js';
import { wibDateKey } from '../daily-shares.js';
import { incidentDurationMs } from '../incidents.js';
import type { TargetReport } from './load-report.js';
import { duration, percent, wibDateTime } from './page-format.js';
import { pageSecurityHeaders } from './page-headers.js';
import { PAGE_TEXT, placeOf } from './page-text.js';
import { incidentRegions } from './status-page.js';

/** The report's only style sheet: readable on screen, A4 on paper. */
export const REPORT_STYLE = `
*{box-sizing:border-box}
body{margin:0 auto;max-width:60rem;padding:1rem;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;color:#111;background:#fff}
h1{font-size:1.5rem;margin:.2rem 0 .5rem}
h2{font-size:1.15rem;margin:1.4rem 0 .4rem;border-bottom:1px solid #999;padding-bottom:.15rem}
p{margin:.3rem 0}
a{color:#0b57a4}
table{border-collapse:collapse;width:100%;margin:.4rem 0;font-size:.92em}
th,td{border:1px solid #999;padding:.25rem .4rem;text-align:left;vertical-align:top}
th{background:#eee}
td.n{text-align:right;white-space:nowrap}
.scroll{overflow-x:auto}
dl{display:grid;grid-template-columns:minmax(8rem,14rem) 1fr;gap:.2rem .8rem;margin:.4rem 0}
dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}
@media (max-width:600px){dl{grid-template-columns:1fr}dd{margin-bottom:.4rem}}
.muted{color:#444}
form{border:1px solid #ccc;border-radius:.4rem;padding:.6rem;margin:.8rem 0;display:flex;flex-wrap:wrap;gap:.6rem;align-items:end}
label{display:flex;flex-direction:column;font-weight:600;font-size:.9rem}
input,select,button{font:inherit;padding:.3rem .4rem}
button{font-weight:600;border:0;border-radius:.3rem;background:#0b57a4;color:#fff;padding:.4rem .9rem;cursor:pointer}
@page{size:A4;margin:16mm 14mm}
@media print{body{max-width:none;padding:0;font-size:10.5pt}.noprint{display:none}h2{break-after:avoid}tr{break-inside:avoid}thead{display:table-header-group}a{color:#111;text-decoration:none}.scroll{overflow:visible}}
`
  .trim()
  .replace(/\n/g, '');

export const REPORT_HEADERS = pageSecurityHeaders(
  `'sha256-${createHash('sha256').update(REPORT_STYLE, 'utf8').digest('base64')}'`,
  null,
);

interface ReportText {
  readonly title: string;
  readonly period: string;
  readonly generated: (when: string, by: string) => string;
  readonly by: string;
  readonly choose: {
    readonly from: string;
    readonly to: string;
    readonly target: string;
    readonly all: string;
    readonly show: string;
  };
  readonly summary: string;
  readonly columns: {
    readonly target: string;
    readonly outages: string;
    readonly outageTime: string;
    readonly maintenance: string;
    readonly maintenanceTime: string;
    readonly up: string;
    readonly no: string;
    readonly kind: string;
    readonly start: string;
    readonly end: string;
    readonly duration: string;
    readonly decided: string;
    readonly regions: string;
  };
  readonly checked: (url: string, check: string) => string;
  readonly checks: Readonly<Record<CheckKind, string>>;
  readonly none: string;
  readonly ongoing: string;
  readonly configTitle: string;
  readonly config: {
    readonly regions: string;
    readonly interval: string;
    readonly every: (interval: string) => string;
    readonly retry: string;
    readonly retryText: string;
    readonly control: string;
    readonly controlText: (url: string) => string;
    readonly quorum: string;
    readonly quorumText: (quorum: ConsensusPolicy['quorum'], min: number) => string;
    readonly fresh: string;
    readonly freshText: (fresh: string) => string;
    readonly hold: string;
    readonly holdText: (hold: string, flapHold: string, threshold: number, window: string) => string;
  };
  readonly howTitle: string;
  readonly how: (interval: string, hold: string) => readonly string[];
  readonly csv: string;
  readonly printHint: string;
}

const TEXT: Readonly<Record<Locale, ReportText>> = {
  id: {
    title: 'Laporan gangguan dan pemeliharaan e-Faktur',
    period: 'Periode',
    generated: (when, by) => `Dibuat ${when} oleh ${by}.`,
    by: 'armada pemantau e-Faktur yang independen (bukan DJP)',
    choose: {
      from: 'Dari tanggal',
      to: 'Sampai tanggal',
      target: 'Layanan',
      all: 'Semua',
      show: 'Tampilkan',
    },
    summary: 'Ringkasan',
    columns: {
      target: 'Layanan',
      outages: 'Gangguan',
      outageTime: 'Lama gangguan',
      maintenance: 'Pemeliharaan',
      maintenanceTime: 'Lama pemeliharaan',
      up: 'Normal',
      no: 'No.',
      kind: 'Jenis',
      start: 'Mulai (WIB)',
      end: 'Selesai (WIB)',
      duration: 'Durasi',
      decided: 'Dasar keputusan',
      regions: 'Region dan alasan',
    },
    checked: (url, check) => `Yang diperiksa: ${url} (${check}).`,
    checks: {
      'efaktur-wsdl': 'WSDL Master Faktur Service dari server SVC e-Faktur',
      'efaktur-qr-validation': 'jawaban validasi QR faktur (resValidateFakturPm)',
      http: 'jawaban HTTP',
      'djp-portal': 'halaman portal DJP (formulir login)',
    },
    none: 'Tidak ada gangguan atau pemeliharaan dalam periode ini.',
    ongoing: 'masih berlangsung',
    configTitle: 'Cara pemantauan',
    config: {
      regions: 'Region pemantau',
      interval: 'Interval',
      every: (interval) => `setiap region memeriksa setiap ${interval}`,
      retry: 'Konfirmasi',
      retryText: 'hasil yang gagal diulang sekali sebelum dicatat',
      control: 'Pemeriksaan jaringan sendiri',
      controlText: (url) => `${url}: region yang jaringannya sendiri gagal tidak ikut menentukan`,
      quorum: 'Kuorum',
      quorumText: (quorum, min) =>
        quorum === 'majority' ? `lebih dari separuh region yang melapor, minimal ${min}` : `${quorum} region`,
      fresh: 'Hasil dianggap terbaru',
      freshText: (fresh) => `selama ${fresh}`,
      hold: 'Masa tunggu pemulihan',
      holdText: (hold, flapHold, threshold, window) =>
        `${hold}; ${flapHold} bila server ${threshold} kali gagal dalam ${window}`,
    },
    howTitle: 'Cara membaca laporan ini',
    how: (interval, hold) => [
      `Setiap region memeriksa server dari lokasinya sendiri setiap ${interval}. Satu region saja yang gagal tidak dianggap gangguan (misalnya masalah jaringan di lokasi itu).`,
      `"Mulai" adalah saat kuorum region sepakat bahwa server gagal (GANGGUAN) atau menampilkan halaman pemeliharaan (PEMELIHARAAN). Karena kegagalan dikonfirmasi dua kali berturut-turut, masalah sebenarnya dapat bermula hingga sekitar dua interval lebih awal.`,
      `"Selesai" adalah saat pemulihan dipastikan: kuorum melihat server normal selama masa tunggu (${hold}). Server bisa saja sudah pulih hingga ${hold} lebih awal.`,
      'Persentase "Normal" tidak menghitung waktu pemeliharaan dan waktu ketika status tidak diketahui.',
      'Semua waktu dalam WIB (Asia/Jakarta, UTC+7); berkas CSV memuat juga waktu UTC.',
      'Laporan ini dibuat oleh pemantau independen, bukan oleh DJP. Catatan ini dapat menjadi bukti pendukung bila sanksi timbul karena gangguan sistem DJP (lihat KEP-67/PJ/2025); keputusannya tetap pada DJP.',
    ],
    csv: 'Data yang sama untuk Excel (CSV)',
    printHint: 'Untuk mencetak atau menyimpan sebagai PDF: Ctrl+P (Cmd+P di Mac).',
  },
  en: {
    title: 'e-Faktur outage and maintenance report',
    period: 'Period',
    generated: (when, by) => `Generated ${when} by ${by}.`,
    by: 'an independent e-Faktur probe fleet (not DJP)',
    choose: { from: 'From date', to: 'To date', target: 'Service', all: 'All', show: 'Show' },
    summary: 'Summary',
    columns: {
      target: 'Service',
      outages: 'Outages',
      outageTime: 'Time down',
      maintenance: 'Maintenance',
      maintenanceTime: 'Time in maintenance',
      up: 'Up',
      no: 'No.',
      kind: 'Kind',
      start: 'Start (WIB)',
      end: 'End (WIB)',
      duration: 'Duration',
      decided: 'Decided by',
      regions: 'Regions and reasons',
    },
    checked: (url, check) => `Checked: ${url} (${check}).`,
    checks: {
      'efaktur-wsdl': "the Master Faktur Service WSDL of e-Faktur's SVC server",
      'efaktur-qr-validation': 'the invoice QR validation answer (resValidateFakturPm)',
      http: 'an HTTP answer',
      'djp-portal': 'the DJP portal page (its login form)',
    },
    none: 'No outage or maintenance in this period.',
    ongoing: 'ongoing',
    configTitle: 'How the fleet monitors',
    config: {
      regions: 'Probe regions',
      interval: 'Interval',
      every: (interval) => `each region checks every ${interval}`,
      retry: 'Confirmation',
      retryText: 'a failed check is retried once before it is recorded',
      control: 'Own-network check',
      controlText: (url) => `${url}: a region whose own network fails does not take part`,
      quorum: 'Quorum',
      quorumText: (quorum, min) =>
        quorum === 'majority'
          ? `more than half of the reporting regions, at least ${min}`
          : `${quorum} regions`,
      fresh: 'A result counts for',
      freshText: (fresh) => fresh,
      hold: 'Recovery hold',
      holdText: (hold, flapHold, threshold, window) =>
        `${hold}; ${flapHold} when the server failed ${threshold} times within ${window}`,
    },
    howTitle: 'How to read this report',
    how: (interval, hold) => [
      `Each region checks the server from its own location every ${interval}. One region failing alone is not an outage (for example a network problem at that location).`,
      `"Start" is when a quorum of regions agreed that the server failed (DOWN) or showed its maintenance page (MAINTENANCE). As each region confirms a failure twice in a row, the problem itself may have begun up to about two intervals earlier.`,
      `"End" is when the recovery was confirmed: a quorum saw the server up for the whole recovery hold (${hold}). The server may have come back up to ${hold} earlier.`,
      'The "Up" percentage leaves out time in maintenance and time when the status was unknown.',
      'All times are WIB (Asia/Jakarta, UTC+7); the CSV file also has them in UTC.',
      'This report comes from an independent monitor, not from DJP. It can serve as supporting evidence when a penalty arose from a DJP system failure (see KEP-67/PJ/2025); the decision stays with DJP.',
    ],
    csv: 'The same data for Excel (CSV)',
    printHint: 'To print or save as PDF: Ctrl+P (Cmd+P on a Mac).',
  },
};

/** The most incidents one report lists per target; past it the window must be shorter. */
export const MAX_REPORT_INCIDENTS = 2000;

export interface ReportInput {
  readonly locale: Locale;
  readonly config: FleetConfig;
  readonly policy: ConsensusPolicy;
  readonly reports: readonly TargetReport[];
  readonly from: Date;
  readonly to: Date;
  readonly now: Date;
  /** The chosen target, `null` for all. */
  readonly target: string | null;
  /** Where the status page is, for the reader of a printed copy; empty when unknown. */
  readonly pageUrl: string;
}

/** The printable report: the incidents of a window, the configuration that found them and how to read them. */
export async function renderReport(input: ReportInput): Promise<string> {
  const t = TEXT[input.locale];
  const { locale, policy, now } = input;
  const interval = duration(policy.intervalMs, locale);
  const hold = duration(policy.recoveryHoldMs, locale);
  const page: Child = (
    <html lang={locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${t.title} — ${wibDateKey(input.from.getTime())} – ${wibDateKey(input.to.getTime() - 1)}`}</title>
        <link rel="icon" href="data:," />
        <style dangerouslySetInnerHTML={{ __html: REPORT_STYLE }} />
      </head>
      <body>
        <main>
          <h1>{t.title}</h1>
          <p>
            <strong>{t.period}:</strong> {wibDateTime(input.from.toISOString(), locale)} –{' '}
            {wibDateTime(input.to.toISOString(), locale)}
          </p>
          <p class="muted">
            {t.generated(wibDateTime(now.toISOString(), locale), t.by)}
            {input.pageUrl !== '' && ` ${input.pageUrl}`}
          </p>
          <ReportChooser input={input} t={t} />

          <h2>{t.summary}</h2>
          <SummaryTable input={input} t={t} />

          {input.reports.map((r) => (
            <TargetIncidents report={r} input={input} t={t} />
          ))}

          <h2>{t.configTitle}</h2>
          <HowMonitored input={input} t={t} interval={interval} hold={hold} />

          <h2>{t.howTitle}</h2>
          <ul>
            {t.how(interval, hold).map((line) => (
              <li>{line}</li>
            ))}
          </ul>
        </main>
      </body>
    </html>
  );
  return `<!doctype html>${await page.toString()}`;
}

/** The query string of this report's window, target and language, for its CSV link. */
function reportQuery(input: ReportInput): string {
  return (
    `from=${encodeURIComponent(input.from.toISOString())}&to=${encodeURIComponent(input.to.toISOString())}` +
    `${input.target === null ? '' : `&target=${encodeURIComponent(input.target)}`}&lang=${input.locale}`
  );
}

/** The form that picks another window or target (not printed), and the CSV link. */
function ReportChooser(props: { input: ReportInput; t: ReportText }) {
  const { input, t } = props;
  return (
    <>
      <form method="get" action="report" class="noprint">
        <input type="hidden" name="lang" value={input.locale} />
        <label>
          {t.choose.from}
          <input type="date" name="from" value={wibDateKey(input.from.getTime())} />
        </label>
        <label>
          {t.choose.to}
          <input type="date" name="to" value={wibDateKey(input.to.getTime() - 1)} />
        </label>
        <label>
          {t.choose.target}
          <select name="target">
            {input.target === null ? (
              <option value="" selected>
                {t.choose.all}
              </option>
            ) : null}
            {input.config.targets.map((target) => (
              <option value={target.id} selected={target.id === input.target}>
                {target.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t.choose.show}</button>
      </form>
      <p class="noprint muted">
        {t.printHint} <a href={`incidents.csv?${reportQuery(input)}`}>{t.csv}</a>
      </p>
    </>
  );
}

/** One row per target: outages and maintenance counted and timed, and the share of time up. */
function SummaryTable(props: { input: ReportInput; t: ReportText }) {
  const { input, t } = props;
  const dur = (ms: number) => duration(ms, input.locale);
  return (
    <section class="scroll" tabindex={0} aria-label={t.summary}>
      <table>
        <thead>
          <tr>
            <th scope="col">{t.columns.target}</th>
            <th scope="col">{t.columns.outages}</th>
            <th scope="col">{t.columns.outageTime}</th>
            <th scope="col">{t.columns.maintenance}</th>
            <th scope="col">{t.columns.maintenanceTime}</th>
            <th scope="col">{t.columns.up}</th>
          </tr>
        </thead>
        <tbody>
          {input.reports.map((r) => (
            <tr>
              <th scope="row">{r.target.name}</th>
              <td class="n">{r.incidents.filter((i) => i.kind === 'down').length}</td>
              <td class="n">{dur(r.figures.downtimeSeconds * 1000)}</td>
              <td class="n">{r.incidents.filter((i) => i.kind === 'maintenance').length}</td>
              <td class="n">{dur(r.figures.maintenanceSeconds * 1000)}</td>
              <td class="n">{r.figures.upPct === null ? '–' : percent(r.figures.upPct, input.locale)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** One target's section: what is checked and its incidents of the window, numbered. */
function TargetIncidents(props: { report: TargetReport; input: ReportInput; t: ReportText }) {
  const { report: r, input, t } = props;
  const { locale, now } = input;
  const text = PAGE_TEXT[locale];
  return (
    <section>
      <h2>{r.target.name}</h2>
      <p>{t.checked(redactUrl(r.target.url), t.checks[r.target.check])}</p>
      {r.incidents.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <section class="scroll" tabindex={0} aria-label={r.target.name}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t.columns.no}</th>
                <th scope="col">{t.columns.kind}</th>
                <th scope="col">{t.columns.start}</th>
                <th scope="col">{t.columns.end}</th>
                <th scope="col">{t.columns.duration}</th>
                <th scope="col">{t.columns.decided}</th>
                <th scope="col">{t.columns.regions}</th>
              </tr>
            </thead>
            <tbody>
              {r.incidents.map((incident, i) => (
                <tr>
                  <td class="n">{i + 1}</td>
                  <td>{text.status[incident.kind]}</td>
                  <td>{wibDateTime(incident.start, locale)}</td>
                  <td>{incident.end === null ? t.ongoing : wibDateTime(incident.end, locale)}</td>
                  <td class="n">{duration(incidentDurationMs(incident, now), locale)}</td>
                  <td>{text.rule[incident.startRule]}</td>
                  <td>{incidentRegions(incident, text)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </section>
  );
}

/** The configuration that found the incidents: regions, interval, confirmation, quorum and holds. */
function HowMonitored(props: { input: ReportInput; t: ReportText; interval: string; hold: string }) {
  const { input, t, interval, hold } = props;
  const { locale, policy } = input;
  const dur = (ms: number) => duration(ms, locale);
  return (
    <dl>
      <dt>{t.config.regions}</dt>
      <dd>{input.config.probeRegions.map((r) => `${placeOf(r, locale)} (${r})`).join(', ')}</dd>
      <dt>{t.config.interval}</dt>
      <dd>{t.config.every(interval)}</dd>
      <dt>{t.config.retry}</dt>
      <dd>{t.config.retryText}</dd>
      <dt>{t.config.control}</dt>
      <dd>{t.config.controlText(redactUrl(input.config.controlUrl))}</dd>
      <dt>{t.config.quorum}</dt>
      <dd>{t.config.quorumText(policy.quorum, policy.minQuorum)}</dd>
      <dt>{t.config.fresh}</dt>
      <dd>{t.config.freshText(dur(policy.staleAfterMs))}</dd>
      <dt>{t.config.hold}</dt>
      <dd>
        {t.config.holdText(
          hold,
          dur(policy.flapRecoveryHoldMs),
          policy.flapThreshold,
          dur(policy.flapWindowMs),
        )}
      </dd>
    </dl>
  );
}
