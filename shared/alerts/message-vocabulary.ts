import type { ConsensusStatus, Locale, ReasonCode, Rule, VoteExclusion } from '../types.js';

/** The words of the alert messages in one language. */
export interface Vocabulary {
  /** Short, upper-case: what SMS and subjects show. */
  readonly status: Readonly<Record<ConsensusStatus, string>>;
  /** One line: what the status means. */
  readonly meaning: Readonly<Record<ConsensusStatus, string>>;
  readonly reason: Readonly<Record<ReasonCode, string>>;
  /** Why the consensus moved, for the email. */
  readonly rule: Readonly<Record<Rule, string>>;
  readonly exclusion: Readonly<Record<VoteExclusion, string>>;
  readonly words: {
    readonly since: string;
    readonly again: string;
    readonly after: string;
    readonly regions: string;
    readonly info: string;
    readonly newStatus: string;
    readonly previousStatus: string;
    readonly lasted: string;
    readonly decidedBy: string;
    readonly agreeing: (agree: number, voting: number) => string;
    readonly votesTitle: string;
    readonly noVotes: string;
    readonly statusLink: string;
    readonly dashboardLink: string;
    readonly footer: string;
    /** Footer line of local mode, where every region probes from one machine. */
    readonly oneMachine: string;
    /** What a short text says when the agreeing regions failed for different reasons. */
    readonly variousCauses: string;
    readonly wasUnknown: string;
    /** SMS note of a message that also tells `count` earlier changes that waited (`count` may read "120+"). */
    readonly backlogShort: (count: string) => string;
    /** Email paragraph of the same: how many, how it began, and where the full history is. */
    readonly backlogBody: (count: string, first: string, counts: string) => string;
    /** What an all-clear says while the server is still watched closely (see `Transition.watchUntil`). */
    readonly backUpWatching: string;
    /** Email line of the same: until when, and what a failure before then means. */
    readonly watchLine: (until: string) => string;
    /** The word that makes a failure while watched a relapse: "DOWN again since …". */
    readonly relapse: string;
    /** Email line of a relapse: how long the server had been back. */
    readonly relapseLine: (lasted: string) => string;
    /** Announced maintenance windows (`announced_maintenance`, `window_outlasted`, `maintenance_notice`). */
    readonly window: {
      /** After the status word: maintenance inside a window, `MAINTENANCE terjadwal sejak …`. */
      readonly announced: string;
      readonly until: string;
      /** The advance notice: `MAINTENANCE terjadwal mulai 22:00 WIB s.d. 02:00 WIB`. */
      readonly notice: (start: string, end: string) => string;
      /** A failure past the window's end: `DOWN sejak 02:00 WIB, melewati jadwal pemeliharaan`. */
      readonly outlasted: string;
      readonly outlastedShort: string;
      /** Email line: the window's times and what announced it. */
      readonly line: (range: string) => string;
      readonly note: string;
      /** Email line of the notice: what subscribers will be told during and after the window. */
      readonly noticeLine: string;
      readonly currentStatus: string;
    };
  };
}

const ID: Vocabulary = {
  status: {
    up: 'NORMAL',
    degraded: 'LAMBAT',
    maintenance: 'MAINTENANCE',
    down: 'DOWN',
    unknown: 'TIDAK DIKETAHUI',
  },
  meaning: {
    up: 'server menjawab dengan benar',
    degraded: 'server menjawab dengan benar, tetapi lambat',
    maintenance: 'server menampilkan halaman perbaikan (maintenance)',
    down: 'server tidak dapat dihubungi atau jawabannya salah',
    unknown: 'terlalu sedikit region pemantau yang melapor',
  },
  reason: {
    ok: 'ok',
    slow: 'lambat',
    no_answer_yet: 'belum menjawab',
    maintenance_page: 'halaman perbaikan',
    dns: 'DNS gagal',
    refused: 'koneksi ditolak',
    reset: 'koneksi terputus',
    timeout: 'timeout',
    tls: 'TLS gagal',
    http_status: 'status HTTP salah',
    unexpected_body: 'jawaban tak dikenal',
    error_page: 'halaman kesalahan',
    too_large: 'jawaban terlalu besar',
    redirect: 'terlalu banyak redirect',
    network: 'gangguan jaringan',
  },
  rule: {
    initial: 'awal pemantauan',
    quorum_failing: 'kuorum region melihat server gagal',
    quorum_maintenance: 'kuorum region melihat halaman perbaikan',
    quorum_down: 'kuorum region gagal memakai server, masing-masing dua kali berturut-turut',
    quorum_degraded: 'kuorum region melihat jawaban lambat, masing-masing dua kali berturut-turut',
    quorum_up: 'kuorum region melihat server normal',
    recovery_hold: 'kuorum region melihat server normal selama seluruh masa tunggu pemulihan',
    recovery_confirmed:
      'setelah gangguan yang panjang, setiap region melihat server normal dua kali berturut-turut',
    flap_damped:
      'kuorum region melihat server normal selama masa tunggu yang diperpanjang, karena server sering naik-turun',
    insufficient_votes: 'terlalu sedikit region yang melapor',
    no_change: 'tidak ada kuorum; status tetap',
    awaiting_confirmation: 'menunggu konfirmasi dari region',
    group_worst_of: 'status anggota yang terburuk',
    group_any_up: 'gagal hanya jika semua anggota gagal',
    announced_maintenance: 'kuorum region melihat server gagal selama jadwal pemeliharaan yang diumumkan',
    window_outlasted: 'kuorum region masih melihat server gagal setelah jadwal pemeliharaan berakhir',
    maintenance_notice: 'jadwal pemeliharaan yang diumumkan akan segera dimulai',
  },
  exclusion: {
    stale: 'tidak dihitung: data terlalu lama',
    control_failed: 'tidak dihitung: jaringan region itu sendiri bermasalah',
    regional_problem: 'tidak dihitung: hanya region ini yang gagal, sudah beberapa lama',
  },
  words: {
    since: 'sejak',
    again: 'kembali',
    after: 'setelah',
    regions: 'region',
    info: 'Info',
    newStatus: 'Status baru',
    previousStatus: 'Status sebelumnya',
    lasted: 'selama',
    decidedBy: 'Dasar keputusan',
    agreeing: (agree, voting) => `${agree} dari ${voting} region dengan hasil terbaru sepakat`,
    votesTitle: 'Pantauan tiap region',
    noVotes: '(tidak ada region yang melapor)',
    statusLink: 'Status',
    dashboardLink: 'Dasbor',
    footer: 'Pesan otomatis dari armada pemantau e-Faktur. Waktu dalam WIB (Asia/Jakarta).',
    oneMachine:
      'Mode lokal: semua region di atas memantau dari satu mesin ini, bukan dari lokasi region AWS tersebut.',
    variousCauses: 'berbagai sebab',
    wasUnknown: 'sebelum sempat tidak diketahui',
    backlogShort: (count) => `+${count} perubahan sebelumnya`,
    backlogBody: (count, first, counts) =>
      `Pengiriman pesan sempat gagal, jadi ${count} perubahan status sebelum ini tidak dikirim satu per satu. ` +
      `Yang pertama: ${first}. Rinciannya: ${counts}. Semua perubahan tercatat di riwayat status.`,
    backUpWatching: 'kembali normal; dipantau',
    watchLine: (until) =>
      `Server sudah normal, tetapi masih dipantau ketat sampai ${until}: bila gagal lagi sebelum itu, pesan ` +
      'berikutnya menyebutnya gangguan yang sama, dan kabar pulihnya menunggu lebih lama.',
    relapse: 'lagi',
    relapseLine: (lasted) => `Gagal lagi ${lasted} setelah kembali normal: gangguan yang sama berlanjut.`,
    window: {
      announced: 'terjadwal',
      until: 's.d.',
      notice: (start, end) => `terjadwal mulai ${start} s.d. ${end}`,
      outlasted: 'melewati jadwal pemeliharaan',
      outlastedShort: 'lewat jadwal',
      line: (range) => `Jadwal pemeliharaan yang diumumkan: ${range}`,
      note: 'Pengumuman',
      noticeLine:
        'Selama jadwal ini, server yang gagal dilaporkan sebagai pemeliharaan terjadwal (sekali); bila masih gagal ' +
        'setelah jadwal berakhir, dilaporkan sebagai gangguan.',
      currentStatus: 'Status saat ini',
    },
  },
};

const EN: Vocabulary = {
  status: { up: 'UP', degraded: 'SLOW', maintenance: 'MAINTENANCE', down: 'DOWN', unknown: 'UNKNOWN' },
  meaning: {
    up: 'the server answers correctly',
    degraded: 'the server answers correctly, but slowly',
    maintenance: 'the server shows its maintenance page',
    down: 'the server cannot be reached or answers wrongly',
    unknown: 'too few probe regions are reporting',
  },
  reason: {
    ok: 'ok',
    slow: 'slow',
    no_answer_yet: 'no answer yet',
    maintenance_page: 'maintenance page',
    dns: 'DNS failure',
    refused: 'connection refused',
    reset: 'connection reset',
    timeout: 'timeout',
    tls: 'TLS failure',
    http_status: 'wrong HTTP status',
    unexpected_body: 'unexpected answer',
    error_page: 'error page',
    too_large: 'answer too large',
    redirect: 'too many redirects',
    network: 'network error',
  },
  rule: {
    initial: 'start of monitoring',
    quorum_failing: 'a quorum of regions saw the server fail',
    quorum_maintenance: 'a quorum of regions saw the maintenance page',
    quorum_down: 'a quorum of regions could not use the server, each twice in a row',
    quorum_degraded: 'a quorum of regions saw slow answers, each twice in a row',
    quorum_up: 'a quorum of regions saw the server working',
    recovery_hold: 'a quorum of regions saw the server working for the whole recovery hold',
    recovery_confirmed: 'after a long outage, every region saw the server working twice in a row',
    flap_damped:
      'a quorum of regions saw the server working for the longer hold that applies while it keeps failing again',
    insufficient_votes: 'too few regions reported',
    no_change: 'no quorum; the status stays',
    awaiting_confirmation: 'waiting for the regions to confirm',
    group_worst_of: 'the worst status of its members',
    group_any_up: 'fails only when every member fails',
    announced_maintenance: 'a quorum of regions saw the server fail during announced maintenance',
    window_outlasted: 'a quorum of regions still saw the server fail after the announced maintenance ended',
    maintenance_notice: 'announced maintenance is about to start',
  },
  exclusion: {
    stale: 'not counted: too old',
    control_failed: "not counted: the region's own network failed",
    regional_problem: 'not counted: only this region has been failing, for a while',
  },
  words: {
    since: 'since',
    again: 'again',
    after: 'after',
    regions: 'regions',
    info: 'Info',
    newStatus: 'New status',
    previousStatus: 'Previous status',
    lasted: 'for',
    decidedBy: 'Decided by',
    agreeing: (agree, voting) => `${agree} of ${voting} regions with a fresh answer agree`,
    votesTitle: 'What each region saw',
    noVotes: '(no region reported)',
    statusLink: 'Status',
    dashboardLink: 'Dashboard',
    footer: 'Automatic message from the e-Faktur probe fleet. Times in WIB (Asia/Jakarta).',
    oneMachine: 'Local mode: every region above probes from this one machine, not from that AWS region.',
    variousCauses: 'various causes',
    wasUnknown: 'before a spell of unknown',
    backlogShort: (count) => `+${count} earlier changes`,
    backlogBody: (count, first, counts) =>
      `Delivery had failed for a while, so ${count} earlier status changes were not sent one by one. ` +
      `The first: ${first}. In all: ${counts}. Every change is recorded in the status history.`,
    backUpWatching: 'back up; still watching',
    watchLine: (until) =>
      `The server is back, and still watched closely until ${until}: if it fails again before then, the next ` +
      'message tells it as the same outage, and its all-clear waits longer.',
    relapse: 'again',
    relapseLine: (lasted) => `Failing again ${lasted} after it came back: the same outage goes on.`,
    window: {
      announced: '(announced)',
      until: 'until',
      notice: (start, end) => `announced from ${start} to ${end}`,
      outlasted: 'past the announced maintenance',
      outlastedShort: 'past the window',
      line: (range) => `Announced maintenance: ${range}`,
      note: 'Announcement',
      noticeLine:
        'During this window a failing server is told once as announced maintenance; if it still fails after the ' +
        'window ends, it is told as an outage.',
      currentStatus: 'Current status',
    },
  },
};

export const VOCABULARY: Readonly<Record<Locale, Vocabulary>> = { id: ID, en: EN };

const REGION_PLACES: Readonly<Record<string, string>> = {
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
};

/**
 * `ap-southeast-3 (Jakarta)`, or the code alone for a region without a known place or when every region probes
 * from one machine (local mode).
 */
export function regionLabel(region: string, oneMachine = false): string {
  const place = oneMachine ? undefined : REGION_PLACES[region];
  return place ? `${region} (${place})` : region;
}
