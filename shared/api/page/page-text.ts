import { VOCABULARY } from '../../alerts/message-vocabulary.js';
import type { ConsensusStatus, Locale, ProbeStatus, ReasonCode, Rule, VoteExclusion } from '../../types.js';

/** The outcome of a subscription made with the page's form, as the page says it after the redirect. */
export const FORM_OUTCOMES = [
  'pending_confirmation',
  'subscribed',
  'deferred',
  'invalid_email',
  'no_statuses',
  'invalid',
  'too_many_requests',
  'conflict',
] as const;
export type FormOutcome = (typeof FORM_OUTCOMES)[number];

/** The words of the status page and the report in one language. */
export interface PageText {
  readonly lang: Locale;
  readonly title: string;
  readonly question: string;
  /** The one plain answer, upper case. */
  readonly status: Readonly<Record<ConsensusStatus, string>>;
  /** The same in a sentence or a list, lower case. */
  readonly statusWord: Readonly<Record<ConsensusStatus, string>>;
  readonly meaning: Readonly<Record<ConsensusStatus, string>>;
  readonly reason: Readonly<Record<ReasonCode, string>>;
  readonly rule: Readonly<Record<Rule, string>>;
  readonly notCounted: Readonly<Record<VoteExclusion, string>>;
  readonly secondsUnit: string;
  readonly ago: (duration: string) => string;
  readonly since: (when: string, duration: string) => string;
  /** Before the time: `Diperiksa dari 3 region, ` (`12 dtk yang lalu.` follows). */
  readonly checked: (regions: number) => string;
  readonly neverChecked: string;
  readonly stale: (ago: string, last: string) => string;
  readonly unknownNote: string;
  readonly pending: (status: string, since: string, remaining: string | null) => string;
  readonly regional: (place: string, status: ProbeStatus, reason: string, since: string) => string;
  readonly noVotes: string;
  readonly evidenceTitle: string;
  readonly headline: {
    readonly allUp: string;
    readonly someFailing: (names: string) => string;
    readonly someUnknown: (names: string) => string;
    readonly unknown: string;
  };
  readonly help: {
    readonly title: string;
    readonly up: string;
    readonly degraded: (names: string) => string;
    readonly maintenance: (names: string, since: string) => string;
    readonly down: (names: string, since: string) => string;
    readonly unknown: string;
    readonly firstSteps: string;
    readonly steps: readonly string[];
    readonly codesTitle: string;
    readonly side: { readonly djp: string; readonly yours: string; readonly either: string };
  };
  readonly days: {
    readonly title: string;
    readonly last90: string;
    readonly last30: string;
    readonly uptime: (pct: string) => string;
    readonly noUptime: string;
    readonly noData: string;
    readonly normal: string;
    readonly without: string;
  };
  readonly incidents: {
    readonly title: string;
    readonly none: string;
    readonly ongoing: string;
    readonly decidedBy: string;
    readonly endedBy: string;
    readonly regions: string;
    readonly more: (count: number) => string;
  };
  readonly subscribe: {
    readonly title: string;
    readonly intro: string;
    readonly email: string;
    readonly statuses: string;
    /** The choice between every alert and one group's or target's. */
    readonly scope: string;
    readonly everything: string;
    readonly groups: string;
    readonly targets: string;
    readonly recovery: string;
    readonly button: string;
    readonly note: string;
    readonly outcome: Readonly<Record<FormOutcome, string>>;
  };
  readonly maintenance: {
    readonly title: string;
    readonly none: string;
    readonly inProgress: string;
    readonly targets: string;
    readonly note: string;
  };
  readonly links: {
    readonly title: string;
    readonly badge: (name: string) => string;
    readonly summary: string;
    readonly csv: string;
    readonly report: string;
    readonly routes: string;
  };
  readonly otherLanguage: { readonly lang: Locale; readonly label: string };
  readonly languageLabel: string;
  readonly footer: string;
  readonly official: string;
  readonly live: (name: string, status: string) => string;
}

/** Region names as people know them; an unlisted region shows its code. */
const PLACES: Readonly<Record<Locale, Readonly<Record<string, string>>>> = {
  id: {
    'ap-southeast-3': 'Jakarta',
    'ap-southeast-1': 'Singapura',
    'ap-southeast-2': 'Sydney',
    'ap-southeast-5': 'Malaysia',
    'ap-northeast-1': 'Tokyo',
    'ap-northeast-2': 'Seoul',
    'ap-northeast-3': 'Osaka',
    'ap-east-1': 'Hong Kong',
    'ap-south-1': 'Mumbai',
    'us-east-1': 'Virginia Utara',
    'us-west-2': 'Oregon',
    'eu-west-1': 'Irlandia',
    'eu-central-1': 'Frankfurt',
  },
  en: {
    'ap-southeast-3': 'Jakarta',
    'ap-southeast-1': 'Singapore',
    'ap-southeast-2': 'Sydney',
    'ap-southeast-5': 'Malaysia',
    'ap-northeast-1': 'Tokyo',
    'ap-northeast-2': 'Seoul',
    'ap-northeast-3': 'Osaka',
    'ap-east-1': 'Hong Kong',
    'ap-south-1': 'Mumbai',
    'us-east-1': 'N. Virginia',
    'us-west-2': 'Oregon',
    'eu-west-1': 'Ireland',
    'eu-central-1': 'Frankfurt',
  },
};

/** `Jakarta` for `ap-southeast-3`; the code itself for a region without a known place. */
export function placeOf(region: string, locale: Locale): string {
  return PLACES[locale][region] ?? region;
}

/** What one region alone sees of the server, in a sentence. */
const REGIONAL_ID: Readonly<Record<ProbeStatus, string>> = {
  up: 'mendapati server normal',
  degraded: 'mendapati server lambat',
  maintenance: 'melihat halaman pemeliharaan',
  down: 'gagal menghubungi server',
};
const REGIONAL_EN: Readonly<Record<ProbeStatus, string>> = {
  up: 'finds the server up',
  degraded: 'finds the server slow',
  maintenance: 'sees the maintenance page',
  down: 'cannot reach the server',
};

const ID: PageText = {
  lang: 'id',
  title: 'Status e-Faktur',
  question: 'Apakah e-Faktur sedang gangguan, atau masalahnya di komputer saya?',
  status: {
    up: 'NORMAL',
    degraded: 'LAMBAT',
    maintenance: 'PEMELIHARAAN',
    down: 'GANGGUAN',
    unknown: 'TIDAK DIKETAHUI',
  },
  statusWord: {
    up: 'normal',
    degraded: 'lambat',
    maintenance: 'pemeliharaan',
    down: 'gangguan',
    unknown: 'tidak diketahui',
  },
  meaning: {
    up: 'Server DJP menjawab dengan benar.',
    degraded: 'Server DJP menjawab dengan benar, tetapi lambat.',
    maintenance: 'Server DJP menampilkan halaman pemeliharaan ("sedang dalam perbaikan").',
    down: 'Server DJP tidak dapat dihubungi atau jawabannya salah.',
    unknown: 'Terlalu sedikit region pemantau yang melapor, jadi status saat ini tidak dapat dipastikan.',
  },
  reason: VOCABULARY.id.reason,
  rule: VOCABULARY.id.rule,
  notCounted: {
    stale: 'tidak dihitung — hasilnya sudah terlalu lama',
    control_failed: 'tidak dihitung — jaringan region ini sendiri sedang bermasalah',
    regional_problem: 'tidak dihitung — hanya region ini yang gagal',
  },
  secondsUnit: 'dtk',
  ago: (duration) => `${duration} yang lalu`,
  since: (when, duration) => `sejak ${when} (${duration})`,
  checked: (regions) => `Diperiksa dari ${regions} region, `,
  neverChecked: 'Belum pernah diperiksa.',
  stale: (ago, last) =>
    `Hasil terakhir ${ago}: pemantauan mungkin terhenti. Status terakhir yang diketahui: ${last}.`,
  unknownNote: 'Tidak diketahui bukan berarti server gangguan.',
  pending: (status, since, remaining) =>
    `Sedang dikonfirmasi: region melihat server ${status} sejak ${since}. ` +
    (remaining === null
      ? `Status segera berubah menjadi ${status}.`
      : `Status berubah menjadi ${status} bila tetap begitu ${remaining} lagi.`),
  regional: (place, status, reason, since) =>
    `Sejak ${since}, hanya ${place} yang ${REGIONAL_ID[status]} (${reason}). ` +
    'Satu region saja tidak dianggap gangguan: kemungkinan besar masalah jaringan di lokasi itu.',
  noVotes: 'Belum ada region yang melapor.',
  evidenceTitle: 'Hasil terbaru tiap region',
  headline: {
    allUp: 'Semua layanan e-Faktur yang dipantau NORMAL.',
    someFailing: (names) => `Ada masalah pada ${names}.`,
    someUnknown: (names) => `Layanan lain NORMAL; status ${names} saat ini tidak dapat dipastikan.`,
    unknown: 'Status layanan e-Faktur saat ini tidak dapat dipastikan.',
  },
  help: {
    title: 'Apakah masalahnya di komputer saya?',
    up:
      'Server DJP saat ini NORMAL. Jika e-Faktur di kantor Anda tetap gagal, kemungkinan besar masalahnya ada di ' +
      'komputer atau jaringan Anda. Cocokkan kode kesalahan yang muncul dengan daftar di bawah.',
    degraded: (names) =>
      `${names} sedang LAMBAT. Proses bisa lebih lama dari biasanya; bila muncul batas waktu (timeout), tunggu ` +
      'sebentar lalu coba lagi. Pengaturan komputer Anda tidak perlu diubah.',
    maintenance: (names, since) =>
      `${names} sedang PEMELIHARAAN sejak ${since}. Kesalahan seperti ETAX-40001 saat ini berasal dari server ` +
      'DJP, bukan dari komputer Anda. Jangan ubah pengaturan komputer; tunggu sampai pemeliharaan selesai. ' +
      'Halaman ini memberi tahu saat server kembali NORMAL.',
    down: (names, since) =>
      `${names} sedang GANGGUAN sejak ${since}. Kesalahan seperti ETAX-40001 saat ini berasal dari server DJP, ` +
      'bukan dari komputer Anda. Jangan ubah pengaturan komputer; coba lagi nanti atau di luar jam sibuk. ' +
      'Halaman ini memberi tahu saat server kembali NORMAL.',
    unknown:
      'Saat ini status server DJP tidak dapat dipastikan. Periksa pengumuman di pajak.go.id atau @kring_pajak, ' +
      'dan cocokkan kode kesalahan yang muncul dengan daftar di bawah.',
    firstSteps: 'Langkah pertama bila server DJP NORMAL tetapi e-Faktur Anda gagal:',
    steps: [
      'Jam dan tanggal komputer: pastikan benar, termasuk zona waktunya. Jam yang salah membuat sertifikat dan koneksi aman ditolak.',
      'Proxy: sesuaikan di e-Faktur, menu Referensi > Setting Aplikasi (kosongkan bila kantor tidak memakai proxy).',
      'Firewall dan antivirus: izinkan aplikasi e-Faktur mengakses internet.',
      'Sertifikat elektronik: pastikan masih berlaku dan passphrase benar; bila rusak, impor ulang dari e-Nofa.',
      'Masih gagal? Hubungi Kring Pajak 1500200.',
    ],
    codesTitle: 'Kode kesalahan e-Faktur',
    side: {
      djp: 'Biasanya server DJP',
      yours: 'Komputer / jaringan Anda',
      either: 'Server DJP atau komputer Anda: lihat status di atas',
    },
  },
  days: {
    title: 'Riwayat harian',
    last90: '90 hari terakhir',
    last30: '30 hari terakhir',
    uptime: (pct) => `90 hari terakhir: ${pct} normal (waktu pemeliharaan tidak dihitung)`,
    noUptime: 'Belum ada data untuk menghitung persentase normal.',
    noData: 'tidak ada data',
    normal: 'normal sepanjang hari',
    without: 'tanpa data',
  },
  incidents: {
    title: 'Gangguan dan pemeliharaan terakhir',
    none: 'Tidak ada gangguan atau pemeliharaan dalam 90 hari terakhir.',
    ongoing: 'masih berlangsung',
    decidedBy: 'Dasar keputusan',
    endedBy: 'Berakhir',
    regions: 'Region',
    more: (count) => `${count} lainnya ada di laporan dan berkas CSV.`,
  },
  subscribe: {
    title: 'Kabari saya lewat email',
    intro: 'Dapatkan email saat status e-Faktur berubah.',
    email: 'Alamat email',
    statuses: 'Kirim email saat status menjadi',
    scope: 'Untuk layanan',
    everything: 'Semua layanan',
    groups: 'Grup layanan',
    targets: 'Layanan',
    recovery: 'NORMAL kembali',
    button: 'Berlangganan',
    note:
      'Anda akan menerima email konfirmasi dari AWS (dalam bahasa Inggris); pemberitahuan baru dikirim setelah ' +
      'tautan di email itu diklik. Setiap pemberitahuan memuat tautan untuk berhenti berlangganan.',
    outcome: {
      pending_confirmation: 'Terima kasih! Periksa kotak masuk (dan folder spam) untuk email konfirmasi.',
      subscribed: 'Alamat ini sudah berlangganan.',
      deferred: 'Pengiriman email sedang sibuk. Coba lagi dalam beberapa menit.',
      invalid_email: 'Alamat email tidak valid. Periksa lalu coba lagi.',
      no_statuses: 'Pilih setidaknya satu status.',
      invalid: 'Permintaan tidak dapat diproses. Periksa isian lalu coba lagi.',
      too_many_requests: 'Terlalu banyak permintaan dari jaringan Anda. Coba lagi dalam satu jam.',
      conflict:
        'Alamat ini sudah berlangganan dengan pilihan status atau layanan lain. Untuk mengubahnya, berhenti berlangganan lewat ' +
        'tautan di email pemberitahuan, lalu daftar lagi.',
    },
  },
  maintenance: {
    title: 'Jadwal pemeliharaan',
    none: 'Tidak ada pemeliharaan terjadwal yang diumumkan.',
    inProgress: 'sedang berlangsung',
    targets: 'Layanan',
    note: 'Pengumuman',
  },
  links: {
    title: 'Untuk laporan dan otomasi',
    badge: (name) => `Badge status ${name} (SVG)`,
    summary: 'summary.json (format Statuspage)',
    csv: 'Daftar gangguan dan pemeliharaan (CSV, untuk Excel)',
    report: 'Laporan untuk dicetak atau dilampirkan',
    routes: 'Daftar rute API (JSON)',
  },
  otherLanguage: { lang: 'en', label: 'English' },
  languageLabel: 'Bahasa',
  footer:
    'Dipantau oleh armada pemantau e-Faktur yang independen, bukan oleh DJP. Semua waktu dalam WIB (Asia/Jakarta).',
  official: 'Pengumuman resmi DJP: pajak.go.id, @kring_pajak di X, Kring Pajak 1500200.',
  live: (name, status) => `${name}: ${status}`,
};

const EN: PageText = {
  lang: 'en',
  title: 'e-Faktur status',
  question: 'Is e-Faktur down, or is it my computer?',
  status: { up: 'UP', degraded: 'SLOW', maintenance: 'MAINTENANCE', down: 'DOWN', unknown: 'UNKNOWN' },
  statusWord: { up: 'up', degraded: 'slow', maintenance: 'maintenance', down: 'down', unknown: 'unknown' },
  meaning: {
    up: "DJP's server answers correctly.",
    degraded: "DJP's server answers correctly, but slowly.",
    maintenance: 'DJP\'s server shows its maintenance page ("sedang dalam perbaikan").',
    down: "DJP's server cannot be reached or answers wrongly.",
    unknown: 'Too few probe regions are reporting, so the current status cannot be told.',
  },
  reason: VOCABULARY.en.reason,
  rule: VOCABULARY.en.rule,
  notCounted: {
    stale: 'not counted — its result is too old',
    control_failed: "not counted — this region's own network is failing",
    regional_problem: 'not counted — only this region fails',
  },
  secondsUnit: 's',
  ago: (duration) => `${duration} ago`,
  since: (when, duration) => `since ${when} (${duration})`,
  checked: (regions) => `Checked from ${regions} ${regions === 1 ? 'region' : 'regions'}, `,
  neverChecked: 'Not checked yet.',
  stale: (ago, last) => `Last result ${ago}: monitoring may have stopped. Last known status: ${last}.`,
  unknownNote: 'Unknown does not mean the server is down.',
  pending: (status, since, remaining) =>
    `Being confirmed: the regions have seen the server ${status} since ${since}. ` +
    (remaining === null
      ? `The status turns ${status} any moment now.`
      : `The status turns ${status} if that holds for ${remaining} more.`),
  regional: (place, status, reason, since) =>
    `Since ${since}, only ${place} ${REGIONAL_EN[status]} (${reason}). ` +
    'One region alone is not an outage: most likely a network problem at that location.',
  noVotes: 'No region has reported yet.',
  evidenceTitle: "Each region's latest result",
  headline: {
    allUp: 'Every monitored e-Faktur service is UP.',
    someFailing: (names) => `Problems with ${names}.`,
    someUnknown: (names) => `The other services are UP; the status of ${names} cannot be told right now.`,
    unknown: 'The status of the e-Faktur services cannot be told right now.',
  },
  help: {
    title: 'Is the problem on my computer?',
    up:
      "DJP's server is UP right now. If e-Faktur still fails in your office, the problem is most likely on your " +
      'computer or network. Look up the error code you see in the list below.',
    degraded: (names) =>
      `${names} is SLOW. Things may take longer than usual; if you get a timeout, wait a moment and try again. ` +
      'There is no need to change your computer’s settings.',
    maintenance: (names, since) =>
      `${names} has been in MAINTENANCE since ${since}. Errors such as ETAX-40001 come from DJP's server right ` +
      'now, not from your computer. Do not change your computer’s settings; wait until the maintenance is over. ' +
      'This page tells you when the server is UP again.',
    down: (names, since) =>
      `${names} has been DOWN since ${since}. Errors such as ETAX-40001 come from DJP's server right now, not ` +
      'from your computer. Do not change your computer’s settings; try again later or outside office hours. ' +
      'This page tells you when the server is UP again.',
    unknown:
      "The status of DJP's server cannot be told right now. Check the announcements on pajak.go.id or " +
      '@kring_pajak, and look up the error code you see in the list below.',
    firstSteps: "First steps when DJP's server is UP but your e-Faktur fails:",
    steps: [
      'Computer clock: make sure the date, time and time zone are right. A wrong clock makes certificates and secure connections fail.',
      'Proxy: set it in e-Faktur under Referensi > Setting Aplikasi (leave it empty if your office uses none).',
      'Firewall and antivirus: allow the e-Faktur application to reach the internet.',
      'Electronic certificate (sertifikat elektronik): make sure it is valid and the passphrase is right; if it is damaged, import it again from e-Nofa.',
      'Still failing? Call Kring Pajak on 1500200.',
    ],
    codesTitle: 'e-Faktur error codes',
    side: {
      djp: "Usually DJP's server",
      yours: 'Your computer / network',
      either: 'DJP or your computer: see the status above',
    },
  },
  days: {
    title: 'Daily history',
    last90: 'Last 90 days',
    last30: 'Last 30 days',
    uptime: (pct) => `Last 90 days: ${pct} up (maintenance not counted)`,
    noUptime: 'Not enough data yet for an up percentage.',
    noData: 'no data',
    normal: 'up all day',
    without: 'no data',
  },
  incidents: {
    title: 'Recent outages and maintenance',
    none: 'No outage or maintenance in the last 90 days.',
    ongoing: 'ongoing',
    decidedBy: 'Decided by',
    endedBy: 'Ended',
    regions: 'Regions',
    more: (count) => `${count} more in the report and the CSV file.`,
  },
  subscribe: {
    title: 'Tell me by email',
    intro: 'Get an email when the status of e-Faktur changes.',
    email: 'Email address',
    statuses: 'Email me when the status becomes',
    scope: 'For',
    everything: 'All services',
    groups: 'Service groups',
    targets: 'Services',
    recovery: 'UP again',
    button: 'Subscribe',
    note:
      'You will receive a confirmation email from AWS; alerts are sent only after you follow its link. Every ' +
      'alert has a link to unsubscribe.',
    outcome: {
      pending_confirmation: 'Thank you! Check your inbox (and spam folder) for the confirmation email.',
      subscribed: 'This address is already subscribed.',
      deferred: 'Sending is busy. Please try again in a few minutes.',
      invalid_email: 'That is not a valid email address. Please check it and try again.',
      no_statuses: 'Choose at least one status.',
      invalid: 'The request could not be processed. Please check the form and try again.',
      too_many_requests: 'Too many requests from your network. Please try again in an hour.',
      conflict:
        'This address already has a subscription with other statuses or services. To change it, unsubscribe with the link ' +
        'in any alert email, then subscribe again.',
    },
  },
  maintenance: {
    title: 'Scheduled maintenance',
    none: 'No scheduled maintenance has been announced.',
    inProgress: 'in progress',
    targets: 'Services',
    note: 'Announcement',
  },
  links: {
    title: 'For reports and automation',
    badge: (name) => `${name} status badge (SVG)`,
    summary: 'summary.json (Statuspage format)',
    csv: 'Outages and maintenance (CSV, for Excel)',
    report: 'Report to print or attach',
    routes: 'API routes (JSON)',
  },
  otherLanguage: { lang: 'id', label: 'Bahasa Indonesia' },
  languageLabel: 'Language',
  footer:
    'Monitored by an independent e-Faktur probe fleet, not by DJP. All times are WIB (Asia/Jakarta, UTC+7).',
  official: "DJP's official announcements: pajak.go.id, @kring_pajak on X, Kring Pajak 1500200.",
  live: (name, status) => `${name}: ${status}`,
};

export const PAGE_TEXT: Readonly<Record<Locale, PageText>> = { id: ID, en: EN };
