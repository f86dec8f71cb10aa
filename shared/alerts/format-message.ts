import type { Deadline } from '../calendar/deadline-calendar.js';
import { agrees, severity } from '../status-severity.js';
import type { AnnouncedWindow, BacklogSummary, ConsensusStatus, Locale, Transition, Vote } from '../types.js';
import { gsmLink, gsmSeptets, toAscii, toGsm7, truncate, truncateSeptets } from './ascii-text.js';
import { withDeadlinePhrase } from './deadline-phrase.js';
import { formatGroupAlert } from './format-group-message.js';
import { regionLabel, VOCABULARY, type Vocabulary } from './message-vocabulary.js';
import { voteDetail } from './vote-detail.js';
import { humanDuration, wibClock, wibClockSeconds, wibDateTime } from './wib-time.js';
import {
  type WindowKind,
  windowEmailLines,
  windowKindOf,
  windowSubject,
  windowSummary,
} from './window-text.js';

/** One GSM-7 segment, in septets (the extension characters `[ ] { } | ^ ~ \` take two). */
export const SMS_MAX_LENGTH = 160;
/** SNS wants a subject shorter than 100 characters. */
export const SUBJECT_MAX_LENGTH = 99;

export interface MessageContext {
  readonly locale: Locale;
  /** The target's display name (from the configuration). */
  readonly targetName: string;
  /** Public base URL of the status API; messages link to the target's status there. */
  readonly statusUrl?: string;
  readonly dashboardUrl?: string;
  /**
   * Every region probes from one machine (local mode): region names are not places, and the footer says so.
   * @default false
   */
  readonly oneMachine?: boolean;
  /** Display names by target id, for the members of a service group's message (absent: members go by id). */
  readonly names?: Readonly<Record<string, string>>;
  /** The configuration's filing deadlines: a failure in a marked period says so. @default none */
  readonly deadlines?: readonly Deadline[];
}

/** The SNS message attributes that subscription filter policies select on. */
export interface AlertAttributes {
  readonly target: string;
  readonly status: ConsensusStatus;
  readonly previousStatus: ConsensusStatus;
}

/** One transition as the alerts topic carries it. */
export interface AlertMessage {
  /** ASCII, under 100 characters. */
  readonly subject: string;
  /** For protocols without a body of their own (HTTPS, SQS, Lambda). */
  readonly default: string;
  /** Plain text. */
  readonly email: string;
  /** GSM-7 text of one segment (at most 160 septets): no character makes it fall back to UCS-2. */
  readonly sms: string;
  readonly attributes: AlertAttributes;
}

/** The target's page in the status API, or `undefined` without a status URL. */
export function targetStatusUrl(statusUrl: string | undefined, targetId: string): string | undefined {
  if (statusUrl === undefined || statusUrl.trim() === '') return undefined;
  return `${statusUrl.replace(/\/+$/, '')}/targets/${encodeURIComponent(targetId)}`;
}

/** How a vote's reason reads in a short text: `HTTP 502` when the detail names the status, else the words. */
function reasonLabel(vote: Vote, v: Vocabulary): string {
  const code = vote.reason === 'http_status' ? /^HTTP (\d{3})\b/.exec(vote.detail.trim())?.[1] : undefined;
  return code !== undefined ? `HTTP ${code}` : v.reason[vote.reason];
}

/** The distinct reasons of `votes` in words, the most frequent first. */
function reasonsOf(votes: readonly Vote[], v: Vocabulary): string[] {
  const counts = new Map<string, number>();
  for (const vote of votes) {
    const label = reasonLabel(vote, v);
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1]).map(([label]) => label);
}

interface Facts {
  readonly v: Vocabulary;
  readonly to: ConsensusStatus;
  /** What subscribers were told before (the status before `unknown` when the transition leaves it). */
  readonly previous: ConsensusStatus;
  readonly previousSince: string;
  readonly previousLastedMs: number;
  readonly recovery: boolean;
  readonly agree: number;
  readonly voting: number;
  /** The reasons of the agreeing votes in words, the most frequent first (empty: none). */
  readonly reasons: readonly string[];
  readonly link: string | undefined;
  /** A recovery while the server is still watched closely: until when. */
  readonly watchUntil: string | null;
  /** A failure while watched after an earlier outage. */
  readonly relapse: boolean;
  /** A transition about an announced maintenance window: which kind (`null`: none). */
  readonly window: WindowKind | null;
  readonly transition: Transition;
}

function factsOf(t: Transition, context: MessageContext): Facts {
  const v = VOCABULARY[context.locale];
  const previous = t.from === 'unknown' && t.lastKnown ? t.lastKnown : { status: t.from, since: t.fromSince };
  // The counts are those of the rule: a vote the email lists as not counted is not in them.
  const counted = t.votes.filter((vote) => vote.excluded === undefined);
  const agreeing = counted.filter((vote) => agrees(vote.status, t.to));
  return {
    v,
    to: t.to,
    previous: previous.status,
    previousSince: previous.since,
    previousLastedMs: Date.parse(t.at) - Date.parse(previous.since),
    recovery:
      t.to !== 'unknown' && previous.status !== 'unknown' && severity(t.to) < severity(previous.status),
    agree: agreeing.length,
    voting: counted.length,
    reasons: reasonsOf(agreeing, v),
    link: targetStatusUrl(context.statusUrl, t.targetId),
    watchUntil:
      t.watchUntil !== undefined && Date.parse(t.watchUntil) > Date.parse(t.at) ? t.watchUntil : null,
    relapse: t.relapse === true,
    window: windowKindOf(t),
    transition: t,
  };
}

/** The transition of a window kind, with its window (which `windowKindOf` found). */
function withWindow(t: Transition): Transition & { window: AnnouncedWindow } {
  if (t.window === undefined) throw new TypeError('a window transition without its window');
  return t as Transition & { window: AnnouncedWindow };
}

/** `full` names every reason; `short` says "various causes" when they differ. */
type Evidence = 'full' | 'short';

/**
 * `DOWN sejak 14:05 WIB (3/3 region: timeout)` / `UP again at 14:20 WIB after DOWN for 15 min`; while still watched,
 * `UP 14:20 WIB: back up; still watching (after DOWN for 15 min)`; a relapse, `DOWN again since 14:25 WIB (…)`.
 */
function summary(f: Facts, at: string, locale: Locale, evidence: Evidence = 'full'): string {
  const { v } = f;
  const time = `${wibClock(at)} WIB`;
  if (f.window === 'notice' || f.window === 'announced') {
    return windowSummary(f.window, withWindow(f.transition), v, evidence === 'short');
  }
  if (f.recovery) {
    const lasted = humanDuration(f.previousLastedMs, locale, 'short');
    if (f.watchUntil !== null) {
      return locale === 'id'
        ? `${v.status[f.to]} ${time}: ${v.words.backUpWatching} (setelah ${v.status[f.previous]} ${lasted})`
        : `${v.status[f.to]} ${time}: ${v.words.backUpWatching} (after ${v.status[f.previous]} for ${lasted})`;
    }
    return locale === 'id'
      ? `${v.status[f.to]} kembali ${time} setelah ${v.status[f.previous]} ${lasted}`
      : `${v.status[f.to]} again at ${time} after ${v.status[f.previous]} for ${lasted}`;
  }
  const reasons = evidence === 'short' && f.reasons.length > 1 ? v.words.variousCauses : f.reasons.join(', ');
  const shown =
    f.to === 'unknown'
      ? ` (${v.meaning.unknown})`
      : f.agree > 0 && f.reasons.length > 0
        ? ` (${f.agree}/${f.voting} ${v.words.regions}: ${reasons})`
        : '';
  const outlasted = f.window === 'outlasted' ? `, ${v.words.window.outlasted}` : '';
  return `${v.status[f.to]}${f.relapse ? ` ${v.words.relapse}` : ''} ${v.words.since} ${time}${outlasted}${shown}`;
}

/**
 * Name + summary + link in one GSM-7 segment, shortened in this order until it fits: the reasons told as
 * "various causes", the link left out, the reasons in full again without the link, and only then the name cut.
 */
function smsOf(
  name: string,
  texts: Record<Evidence, string>,
  link: string | undefined,
  v: Vocabulary,
): string {
  const plainName = toGsm7(name);
  const smsLink = link === undefined ? undefined : gsmLink(link);
  const tail = (withLink: boolean) =>
    withLink && smsLink !== undefined ? `. ${v.words.info}: ${smsLink}` : '.';
  const tries: readonly (readonly [Evidence, boolean])[] = [
    ['full', true],
    ['short', true],
    ['full', false],
    ['short', false],
  ];
  for (const [evidence, withLink] of tries) {
    const sms = `${plainName} ${toGsm7(texts[evidence])}${tail(withLink)}`;
    if (gsmSeptets(sms) <= SMS_MAX_LENGTH) return sms;
  }
  const rest = ` ${toGsm7(texts.short)}.`;
  const room = SMS_MAX_LENGTH - gsmSeptets(rest);
  return truncateSeptets(`${truncateSeptets(plainName, Math.max(0, room))}${rest}`, SMS_MAX_LENGTH);
}

function subjectOf(name: string, f: Facts, at: string, locale: Locale): string {
  const { v } = f;
  const time = `${wibClock(at)} WIB`;
  const rest =
    f.window !== null
      ? windowSubject(f.window, withWindow(f.transition), v)
      : f.recovery
        ? f.watchUntil !== null
          ? `: ${v.status[f.to]} ${time}, ${v.words.backUpWatching}`
          : locale === 'id'
            ? `: ${v.status[f.to]} kembali ${time}`
            : `: ${v.status[f.to]} again at ${time}`
        : `: ${v.status[f.to]}${f.relapse ? ` ${v.words.relapse}` : ''} ${v.words.since} ${time}`;
  const plainRest = toAscii(rest);
  return `${truncate(toAscii(name), SUBJECT_MAX_LENGTH - plainRest.length)}${plainRest}`;
}

function backlogCount(b: BacklogSummary): string {
  return b.atLeast ? `${b.count}+` : String(b.count);
}

/** The email paragraph of a message that also tells the changes that waited while delivery failed. */
function backlogParagraph(b: BacklogSummary, v: Vocabulary, locale: Locale): string {
  const first = `${v.status[b.first.from]} -> ${v.status[b.first.to]} ${wibDateTime(b.first.at, locale)}`;
  const counts = Object.entries(b.toCounts)
    .map(([status, n]) => `${v.status[status as ConsensusStatus]} ${n}x`)
    .join(', ');
  return v.words.backlogBody(backlogCount(b), first, counts);
}

function voteLine(vote: Vote, v: Vocabulary, context: MessageContext): string {
  const parts = [
    v.status[vote.status],
    voteDetail(vote, context.locale),
    ...(vote.latencyMs !== null ? [`${Math.round(vote.latencyMs)} ms`] : []),
    wibClockSeconds(vote.checkedAt),
    ...(vote.excluded !== undefined ? [v.exclusion[vote.excluded]] : []),
  ];
  return `- ${regionLabel(vote.region, context.oneMachine === true)}: ${parts.join(' - ')}`;
}

function emailOf(t: Transition, f: Facts, context: MessageContext): string {
  const { v } = f;
  const { locale } = context;
  const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  const previousLine =
    f.previous === 'unknown'
      ? `${v.words.previousStatus}: ${v.status.unknown}`
      : `${v.words.previousStatus}: ${v.status[f.previous]} ${v.words.lasted} ${humanDuration(
          f.previousLastedMs,
          locale,
          'long',
        )} (${v.words.since} ${wibDateTime(f.previousSince, locale)})${
          t.from === 'unknown' && t.lastKnown ? `, ${v.words.wasUnknown}` : ''
        }`;
  const votes = t.votes.length > 0 ? t.votes.map((vote) => voteLine(vote, v, context)) : [v.words.noVotes];
  const links = [
    ...(f.link !== undefined ? [`${v.words.statusLink}: ${f.link}`] : []),
    ...(context.dashboardUrl !== undefined && context.dashboardUrl !== ''
      ? [`${v.words.dashboardLink}: ${context.dashboardUrl}`]
      : []),
  ];
  const notice = f.window === 'notice';
  const head = notice
    ? [
        `${context.targetName}: ${summary(f, t.at, locale)}`,
        '',
        `${v.words.window.currentStatus}: ${v.status[t.to]} - ${v.meaning[t.to]}`,
        ...windowEmailLines(withWindow(t).window, v, locale),
        v.words.window.noticeLine,
      ]
    : [
        `${context.targetName}: ${v.status[t.to]}`,
        '',
        `${v.words.newStatus}: ${v.status[t.to]} - ${v.meaning[t.to]}`,
        `${capital(v.words.since)}: ${wibDateTime(t.at, locale)}`,
        ...(t.window !== undefined ? windowEmailLines(t.window, v, locale) : []),
        previousLine,
      ];
  return [
    ...head,
    ...(f.watchUntil !== null ? [v.words.watchLine(wibDateTime(f.watchUntil, locale))] : []),
    ...(f.relapse && f.previous === 'up'
      ? [v.words.relapseLine(humanDuration(f.previousLastedMs, locale, 'long'))]
      : []),
    `${v.words.decidedBy}: ${v.rule[t.rule]} (${v.words.agreeing(f.agree, f.voting)})`,
    ...(t.notification.summary !== undefined
      ? ['', backlogParagraph(t.notification.summary, v, locale)]
      : []),
    '',
    `${v.words.votesTitle}:`,
    ...votes,
    ...(links.length > 0 ? ['', ...links] : []),
    '',
    '--',
    v.words.footer,
    ...(context.oneMachine === true ? [v.words.oneMachine] : []),
    '',
  ].join('\n');
}

/**
 * The message of one transition in the configured language: subject, SMS, email and default bodies, and the
 * attributes filter policies use. Pure: the same transition always gives the same message.
 */
export function formatAlert(t: Transition, context: MessageContext): AlertMessage {
  if (t.members !== undefined) return withDeadlinePhrase(formatGroupAlert(t, context), t, context);
  const f = factsOf(t, context);
  const backlog = t.notification.summary;
  const note = backlog === undefined ? '' : ` (${f.v.words.backlogShort(backlogCount(backlog))})`;
  const texts: Record<Evidence, string> = {
    full: `${summary(f, t.at, context.locale, 'full')}${note}`,
    short: `${summary(f, t.at, context.locale, 'short')}${note}`,
  };
  const message = {
    subject: subjectOf(context.targetName, f, t.at, context.locale),
    default: `${context.targetName} ${texts.full}.${f.link !== undefined ? ` ${f.v.words.info}: ${f.link}` : ''}`,
    email: emailOf(t, f, context),
    sms: smsOf(context.targetName, texts, f.link, f.v),
    // A notice goes where maintenance goes: a filter on `maintenance` selects it.
    attributes: {
      target: t.targetId,
      status: f.window === 'notice' ? 'maintenance' : t.to,
      previousStatus: f.previous,
    },
  };
  return withDeadlinePhrase(message, t, context);
}
