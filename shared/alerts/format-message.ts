import { agrees, severity } from '../consensus/status-severity.js';
import type { BacklogSummary, ConsensusStatus, Locale, ReasonCode, Transition, Vote } from '../types.js';
import { toAscii, truncate } from './ascii-text.js';
import { regionLabel, VOCABULARY, type Vocabulary } from './message-vocabulary.js';
import { humanDuration, wibClock, wibClockSeconds, wibDateTime } from './wib-time.js';

/** One GSM-7 segment. */
export const SMS_MAX_LENGTH = 160;
/** SNS wants a subject shorter than 100 characters. */
export const SUBJECT_MAX_LENGTH = 99;
/** Shortest a target name is cut to before the link is left out of an SMS instead. */
const MIN_NAME_LENGTH = 12;

export interface MessageContext {
  readonly locale: Locale;
  /** The target's display name (from the configuration). */
  readonly targetName: string;
  /** Public base URL of the status API; messages link to the target's status there. */
  readonly statusUrl?: string;
  readonly dashboardUrl?: string;
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
  /** Plain ASCII, at most 160 characters. */
  readonly sms: string;
  readonly attributes: AlertAttributes;
}

/** The target's page in the status API, or `undefined` without a status URL. */
export function targetStatusUrl(statusUrl: string | undefined, targetId: string): string | undefined {
  if (statusUrl === undefined || statusUrl.trim() === '') return undefined;
  return `${statusUrl.replace(/\/+$/, '')}/targets/${encodeURIComponent(targetId)}`;
}

function mostCommon(reasons: readonly ReasonCode[]): ReasonCode | null {
  const counts = new Map<ReasonCode, number>();
  for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  let best: ReasonCode | null = null;
  for (const [reason, count] of counts) if (best === null || count > (counts.get(best) ?? 0)) best = reason;
  return best;
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
  readonly reason: ReasonCode | null;
  readonly link: string | undefined;
  /** A recovery while the server is still watched closely: until when. */
  readonly watchUntil: string | null;
  /** A failure while watched after an earlier outage. */
  readonly relapse: boolean;
}

function factsOf(t: Transition, context: MessageContext): Facts {
  const previous = t.from === 'unknown' && t.lastKnown ? t.lastKnown : { status: t.from, since: t.fromSince };
  // People read "3/3 regions" as "what the regions saw": a region set aside for failing alone still saw it,
  // only stale votes and those of regions whose own network failed say nothing about the target.
  const counted = t.votes.filter(
    (vote) => vote.excluded === undefined || vote.excluded === 'regional_problem',
  );
  const agreeing = counted.filter((vote) => agrees(vote.status, t.to));
  return {
    v: VOCABULARY[context.locale],
    to: t.to,
    previous: previous.status,
    previousSince: previous.since,
    previousLastedMs: Date.parse(t.at) - Date.parse(previous.since),
    recovery:
      t.to !== 'unknown' && previous.status !== 'unknown' && severity(t.to) < severity(previous.status),
    agree: agreeing.length,
    voting: counted.length,
    reason: mostCommon(agreeing.map((vote) => vote.reason)),
    link: targetStatusUrl(context.statusUrl, t.targetId),
    watchUntil:
      t.watchUntil !== undefined && Date.parse(t.watchUntil) > Date.parse(t.at) ? t.watchUntil : null,
    relapse: t.relapse === true,
  };
}

/**
 * `DOWN sejak 14:05 WIB (3/3 region: timeout)` / `UP again at 14:20 WIB after DOWN for 15 min`; while still watched,
 * `UP 14:20 WIB: back up; still watching (after DOWN for 15 min)`; a relapse, `DOWN again since 14:25 WIB (…)`.
 */
function summary(f: Facts, at: string, locale: Locale): string {
  const { v } = f;
  const time = `${wibClock(at)} WIB`;
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
  const evidence =
    f.to === 'unknown'
      ? ` (${v.meaning.unknown})`
      : f.agree > 0 && f.reason !== null
        ? ` (${f.agree}/${f.voting} ${v.words.regions}: ${v.reason[f.reason]})`
        : '';
  return `${v.status[f.to]}${f.relapse ? ` ${v.words.relapse}` : ''} ${v.words.since} ${time}${evidence}`;
}

/** Name + summary + link in one SMS segment: the name is cut first, then the link is left out. */
function smsOf(name: string, text: string, link: string | undefined, v: Vocabulary): string {
  const plainName = toAscii(name);
  const plainText = toAscii(text);
  const tail = link === undefined ? '.' : `. ${v.words.info}: ${toAscii(link)}`;
  const room = SMS_MAX_LENGTH - plainText.length - tail.length - 1;
  if (room >= Math.min(MIN_NAME_LENGTH, plainName.length)) {
    return `${truncate(plainName, room)} ${plainText}${tail}`;
  }
  return truncate(`${truncate(plainName, MIN_NAME_LENGTH)} ${plainText}.`, SMS_MAX_LENGTH);
}

function subjectOf(name: string, f: Facts, at: string, locale: Locale): string {
  const { v } = f;
  const time = `${wibClock(at)} WIB`;
  const rest = f.recovery
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

function voteLine(vote: Vote, v: Vocabulary): string {
  const parts = [
    `${v.status[vote.status]} (${v.reason[vote.reason]})`,
    ...(vote.detail.trim() !== '' ? [vote.detail.trim()] : []),
    ...(vote.latencyMs !== null ? [`${Math.round(vote.latencyMs)} ms`] : []),
    wibClockSeconds(vote.checkedAt),
    ...(vote.excluded !== undefined ? [v.exclusion[vote.excluded]] : []),
  ];
  return `- ${regionLabel(vote.region)}: ${parts.join(' - ')}`;
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
  const votes = t.votes.length > 0 ? t.votes.map((vote) => voteLine(vote, v)) : [v.words.noVotes];
  const links = [
    ...(f.link !== undefined ? [`${v.words.statusLink}: ${f.link}`] : []),
    ...(context.dashboardUrl !== undefined && context.dashboardUrl !== ''
      ? [`${v.words.dashboardLink}: ${context.dashboardUrl}`]
      : []),
  ];
  return [
    `${context.targetName}: ${v.status[t.to]}`,
    '',
    `${v.words.newStatus}: ${v.status[t.to]} - ${v.meaning[t.to]}`,
    `${capital(v.words.since)}: ${wibDateTime(t.at, locale)}`,
    previousLine,
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
    '',
  ].join('\n');
}

/**
 * The message of one transition in the configured language: subject, SMS, email and default bodies, and the
 * attributes filter policies use. Pure: the same transition always gives the same message.
 */
export function formatAlert(t: Transition, context: MessageContext): AlertMessage {
  const f = factsOf(t, context);
  const backlog = t.notification.summary;
  const text = `${summary(f, t.at, context.locale)}${
    backlog === undefined ? '' : ` (${f.v.words.backlogShort(backlogCount(backlog))})`
  }`;
  return {
    subject: subjectOf(context.targetName, f, t.at, context.locale),
    default: `${context.targetName} ${text}.${f.link !== undefined ? ` ${f.v.words.info}: ${f.link}` : ''}`,
    email: emailOf(t, f, context),
    sms: smsOf(context.targetName, text, f.link, f.v),
    attributes: { target: t.targetId, status: t.to, previousStatus: f.previous },
  };
}
