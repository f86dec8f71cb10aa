import { VOCABULARY } from '../../shared/alerts/message-vocabulary.js';
import { formatAge, formatWib } from '../../shared/alerts/wib-time.js';
import { recoveryHoldOf, shownRegionalProblems } from '../../shared/api/target-view.js';
import { observationOf } from '../../shared/consensus/observation.js';
import { votesFrom } from '../../shared/consensus/votes-from.js';
import { groupStateId } from '../../shared/groups/group-key.js';
import type { ConsensusStatus, Locale, ProbeResult, VoteExclusion } from '../../shared/types.js';
import { type FleetSnapshot, type GroupSummary, resultKey, type TargetSummary } from './fleet-snapshot.js';
import { displayWidth, wrapText } from './text-width.js';

export interface RenderOptions {
  readonly now: Date;
  readonly color: boolean;
  /** The language of the view's words (the fleet's). @default 'en' */
  readonly locale?: Locale;
}

/** The view's words in each language; statuses, reasons and region codes stay codes. */
const TEXT = {
  en: {
    since: 'since',
    probing: 'probing…',
    firstEvaluation: 'waiting for the first evaluation',
    exclusion: { stale: 'stale', control_failed: 'own net', regional_problem: 'regional' },
    offline: ' — is this machine offline?',
    ownNetworkFailing: (regions: string) => `own network (control URL) failing in ${regions}`,
    noFreshResult: (regions: string) => `no fresh result from ${regions}`,
    unknownBecause: (causes: string) =>
      `unknown = too few regions can vote (a quorum needs at least 2 that agree): ${causes}`,
    unknownNoQuorum: 'unknown = no status has a quorum among the voting regions',
    ownNetworkNote: (regions: string) =>
      `⊘ own net = the control URL failed too in ${regions}: those failures are not counted, no alert`,
    regionalProblem: (region: string, what: string, since: string) =>
      `regional problem in ${region} (${what}, since ${since}): the other regions disagree, no alert`,
    hold: (status: string, since: string, left: string, until: string) =>
      `${status} has a quorum since ${since}; the recovery hold ends in ${left} (${until}) if it holds`,
    pending: (status: string, since: string) =>
      `${status} has a quorum since ${since}; waiting for the regions to confirm before the change is declared`,
  },
  id: {
    since: 'sejak',
    probing: 'memantau…',
    firstEvaluation: 'menunggu evaluasi pertama',
    exclusion: { stale: 'lama', control_failed: 'jaringan sendiri', regional_problem: 'regional' },
    offline: ' — apakah mesin ini sedang offline?',
    ownNetworkFailing: (regions: string) => `jaringan sendiri (URL kontrol) gagal di ${regions}`,
    noFreshResult: (regions: string) => `tidak ada hasil terbaru dari ${regions}`,
    unknownBecause: (causes: string) =>
      `tidak diketahui = terlalu sedikit region yang dapat memberi suara (kuorum perlu minimal 2 yang sepakat): ${causes}`,
    unknownNoQuorum:
      'tidak diketahui = tidak ada status yang mencapai kuorum di antara region yang memberi suara',
    ownNetworkNote: (regions: string) =>
      `⊘ jaringan sendiri = URL kontrol juga gagal di ${regions}: kegagalan itu tidak dihitung, tidak ada peringatan`,
    regionalProblem: (region: string, what: string, since: string) =>
      `masalah regional di ${region} (${what}, sejak ${since}): region lain tidak sepakat, tidak ada peringatan`,
    hold: (status: string, since: string, left: string, until: string) =>
      `${status} mencapai kuorum sejak ${since}; masa tunggu pemulihan berakhir dalam ${left} (${until}) bila tetap begitu`,
    pending: (status: string, since: string) =>
      `${status} mencapai kuorum sejak ${since}; menunggu konfirmasi region sebelum perubahan diumumkan`,
  },
} as const;

const textOf = (options: RenderOptions) => TEXT[options.locale ?? 'en'];
const statusWord = (status: ConsensusStatus, options: RenderOptions) =>
  (options.locale ?? 'en') === 'en' ? status : VOCABULARY[options.locale ?? 'en'].status[status];

const STATUS_COLOR: Record<ConsensusStatus, string> = {
  up: '32', // green
  degraded: '33', // yellow
  maintenance: '35', // magenta
  down: '31', // red
  unknown: '90', // grey
};

function paint(text: string, code: string, color: boolean): string {
  return color ? `\u001b[${code}m${text}\u001b[0m` : text;
}

/** Visible width of a line that may hold colour codes. */
export function visibleLength(text: string): number {
  return displayWidth(text);
}

function formatLatency(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/**
 * Why a region's latest result does not count, or `null` when it does: as the last evaluation judged it when
 * that evaluation saw this very result, else by the consensus's own vote rule (`votesFrom`). Labels are short
 * enough to keep three regions on one line; the notes under the block say more.
 */
export function notCountedBecause(
  result: ProbeResult,
  snapshot: FleetSnapshot,
  now: Date,
  locale: Locale = 'en',
): string | null {
  const labels: Record<VoteExclusion, string> = TEXT[locale].exclusion;
  if (now.getTime() - Date.parse(result.checkedAt) >= snapshot.policy.staleAfterMs) return labels.stale;
  const judged = snapshot.states
    .get(result.targetId)
    ?.votes.find((v) => v.region === result.region && v.checkedAt === result.checkedAt);
  const vote = judged ?? votesFrom([observationOf(result)], [result.region], snapshot.policy, now).votes[0];
  return vote?.excluded ? labels[vote.excluded] : null;
}

function regionCell(
  snapshot: FleetSnapshot,
  targetId: string,
  region: string,
  options: RenderOptions,
): string {
  const result = snapshot.latest.get(resultKey(targetId, region));
  if (!result) return `${region} ${snapshot.probing.has(region) ? textOf(options).probing : '—'}`;
  const reason = result.status === 'down' ? ` ${result.reason}` : '';
  const vote = paint(`${result.status}${reason}`, STATUS_COLOR[result.status], options.color);
  const excluded = notCountedBecause(result, snapshot, options.now, options.locale);
  return `${region} ${vote} ${formatLatency(result.latencyMs)}${excluded ? ` ⊘ ${excluded}` : ''}`;
}

/** One target: consensus status, since when (WIB), and each region's latest vote with its latency. */
export function renderTargetLine(
  snapshot: FleetSnapshot,
  target: TargetSummary,
  options: RenderOptions,
  idWidth = target.id.length,
): string {
  const state = snapshot.states.get(target.id);
  const status: ConsensusStatus = state?.status ?? 'unknown';
  const text = textOf(options);
  const word = (options.locale ?? 'en') === 'en' ? status.toUpperCase() : statusWord(status, options);
  const label = paint(word.padEnd(11), STATUS_COLOR[status], options.color);
  const since = state
    ? `${text.since} ${formatWib(state.since, options.now, options.locale)} (${formatAge(options.now.getTime() - Date.parse(state.since), options.locale)})`
    : text.firstEvaluation;
  const regions = snapshot.regions.map((r) => regionCell(snapshot, target.id, r, options)).join(' │ ');
  return `${target.id.padEnd(idWidth)}  ${label} ${since}  │ ${regions}`;
}

/** Lines that explain what a bare status would leave puzzling: unknown, regional problems, a recovery hold. */
export function renderNotes(snapshot: FleetSnapshot, options: RenderOptions): string[] {
  return snapshot.targets.flatMap((target) => renderTargetNotes(snapshot, target, options));
}

/** The notes of one target. */
export function renderTargetNotes(
  snapshot: FleetSnapshot,
  target: TargetSummary,
  options: RenderOptions,
): string[] {
  const notes: string[] = [];
  const text = textOf(options);
  const labels = text.exclusion;
  const state = snapshot.states.get(target.id);
  const why = new Map(
    snapshot.regions.map((region) => {
      const result = snapshot.latest.get(resultKey(target.id, region));
      return [
        region,
        result ? notCountedBecause(result, snapshot, options.now, options.locale) : 'none',
      ] as const;
    }),
  );
  const where = (label: string | null) => [...why].filter(([, w]) => w === label).map(([region]) => region);
  const ownNetwork = where(labels.control_failed);
  const silent = [...where('none'), ...where(labels.stale)];
  // Logical regions share this machine's network: when all of them fail their control URL, it is the machine's.
  const offline = ownNetwork.length === snapshot.regions.length ? text.offline : '';
  const wib = (at: string) => formatWib(at, options.now, options.locale);
  if (state?.status === 'unknown') {
    const causes = [
      ownNetwork.length > 0 ? `${text.ownNetworkFailing(ownNetwork.join(', '))}${offline}` : '',
      silent.length > 0 ? text.noFreshResult(silent.join(', ')) : '',
    ].filter(Boolean);
    notes.push(
      `${target.id}: ${causes.length > 0 ? text.unknownBecause(causes.join('; ')) : text.unknownNoQuorum}`,
    );
  } else if (ownNetwork.length > 0) {
    notes.push(`${target.id}: ${text.ownNetworkNote(ownNetwork.join(', '))}`);
  }
  // During a recovery hold a region is a problem only when it disagrees with the regions that are back.
  for (const problem of state ? shownRegionalProblems(state, snapshot.policy) : []) {
    const what = `${statusWord(problem.status, options)}, ${problem.reason}`;
    notes.push(`${target.id}: ${text.regionalProblem(problem.region, what, wib(problem.since))}`);
  }
  const hold = state ? recoveryHoldOf(state, snapshot.policy) : null;
  if (hold !== null) {
    const left = formatAge(Math.max(0, Date.parse(hold.until) - options.now.getTime()), options.locale);
    notes.push(
      `${target.id}: ${text.hold(statusWord(hold.status, options), wib(hold.since), left, wib(hold.until))}`,
    );
  } else if (state?.pending) {
    notes.push(
      `${target.id}: ${text.pending(statusWord(state.pending.status, options), wib(state.pending.since))}`,
    );
  }
  return notes;
}

const VOTE_MARK: Record<ProbeResult['status'], string> = {
  up: '✓',
  degraded: '~',
  maintenance: '⚒',
  down: '✗',
};

/** A region's latest vote in few columns: `ap-southeast-1 ✗ timeout 10.0s`, `ap-northeast-1 ✓ 98ms ⊘ stale`. */
function compactRegionCell(
  snapshot: FleetSnapshot,
  targetId: string,
  region: string,
  options: RenderOptions,
): string {
  const result = snapshot.latest.get(resultKey(targetId, region));
  if (!result) return `${region} ${snapshot.probing.has(region) ? textOf(options).probing : '—'}`;
  const reason = result.status === 'up' ? '' : ` ${result.reason}`;
  const vote = paint(`${VOTE_MARK[result.status]}${reason}`, STATUS_COLOR[result.status], options.color);
  const excluded = notCountedBecause(result, snapshot, options.now, options.locale);
  const latency =
    result.latencyMs < 1000
      ? `${Math.round(result.latencyMs)}ms`
      : `${(result.latencyMs / 1000).toFixed(1)}s`;
  return `${region} ${vote} ${latency}${excluded ? ` ⊘ ${excluded}` : ''}`;
}

/** Cells packed into lines of at most `width` columns, each line indented; a cell wider than a line wraps. */
function packCells(cells: readonly string[], width: number, indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const cell of cells) {
    const joined = line === '' ? `${indent}${cell}` : `${line}  ${cell}`;
    if (displayWidth(joined) <= width) {
      line = joined;
      continue;
    }
    if (line !== '') lines.push(line);
    const wrapped = wrapText(`${indent}${cell}`, width, `${indent}  `);
    line = wrapped.pop()!;
    lines.push(...wrapped);
  }
  if (line !== '') lines.push(line);
  return lines;
}

/**
 * The block a terminal redraws, in lines of at most `width` columns: per target its status line, its regions
 * (as many to a line as fit) and its notes wrapped on word boundaries, so no explanation is ever cut.
 */
export function renderStatusLines(snapshot: FleetSnapshot, options: RenderOptions, width: number): string[] {
  const idWidth = Math.min(Math.max(...snapshot.targets.map((t) => t.id.length)), Math.floor(width / 3));
  const text = textOf(options);
  const groups = (snapshot.groups ?? []).flatMap((g) =>
    wrapText(renderGroupLine(snapshot, g, options), width, '    '),
  );
  const targets = snapshot.targets.flatMap((target) => {
    const state = snapshot.states.get(target.id);
    const status: ConsensusStatus = state?.status ?? 'unknown';
    const word = (options.locale ?? 'en') === 'en' ? status.toUpperCase() : statusWord(status, options);
    const since = state
      ? `${text.since} ${formatWib(state.since, options.now, options.locale)} (${formatAge(options.now.getTime() - Date.parse(state.since), options.locale)})`
      : text.firstEvaluation;
    const head = `${target.id.padEnd(idWidth)}  ${paint(word, STATUS_COLOR[status], options.color)}  ${since}`;
    const cells = snapshot.regions.map((r) => compactRegionCell(snapshot, target.id, r, options));
    return [
      ...wrapText(head, width, '    '),
      ...packCells(cells, width, '  '),
      ...renderTargetNotes(snapshot, target, options).flatMap((n) => wrapText(`  ↳ ${n}`, width, '    ')),
    ];
  });
  return [...targets, ...groups];
}

/** `group faktur  DOWN since 14:05 (3 min): coretax down, svc-wsdl up`: the group's recorded status, its members'. */
export function renderGroupLine(
  snapshot: FleetSnapshot,
  group: GroupSummary,
  options: RenderOptions,
): string {
  const state = snapshot.states.get(groupStateId(group.id));
  const status: ConsensusStatus = state?.status ?? 'unknown';
  const word = (options.locale ?? 'en') === 'en' ? status.toUpperCase() : statusWord(status, options);
  const since = state
    ? `${textOf(options).since} ${formatWib(state.since, options.now, options.locale)}`
    : textOf(options).firstEvaluation;
  const members = group.targets
    .map((id) => `${id} ${statusWord(snapshot.states.get(id)?.status ?? 'unknown', options)}`)
    .join(', ');
  return `group ${group.id}  ${paint(word, STATUS_COLOR[status], options.color)} ${since}: ${members}`;
}

/** What a plain-text log line reports: everything but latencies and ages, which change every round. */
export function targetSignature(snapshot: FleetSnapshot, target: TargetSummary, now: Date): string {
  const state = snapshot.states.get(target.id);
  const regions = snapshot.regions.map((r) => {
    const result = snapshot.latest.get(resultKey(target.id, r));
    return result ? `${r}:${result.status}:${result.reason}:${notCountedBecause(result, snapshot, now)}` : r;
  });
  return [
    state?.status,
    state?.since,
    state?.pending?.status,
    (state?.regionalProblems ?? []).map((p) => p.region).join(','),
    ...regions,
  ].join('|');
}
