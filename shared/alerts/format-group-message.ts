import { groupIdOf } from '../groups/group-key.js';
import { explainingFirst } from '../groups/group-status.js';
import { severity } from '../status-severity.js';
import type { ConsensusStatus, GroupMemberStatus, Locale, Transition } from '../types.js';
import { gsmLink, gsmSeptets, toAscii, toGsm7, truncate, truncateSeptets } from './ascii-text.js';
import { VOCABULARY, type Vocabulary } from './message-vocabulary.js';
import { humanDuration, wibClock, wibDateTime } from './wib-time.js';

/** The limits of `formatAlert`, repeated here so the two files do not import each other. */
const SMS_MAX = 160;
const SUBJECT_MAX = 99;

/** What a group's message needs beyond a target's context. */
export interface GroupMessageContext {
  readonly locale: Locale;
  /** The group's display name; the group id when the caller has none. */
  readonly targetName: string;
  /** Display names by target id, for the members (a member without one is named by its id). */
  readonly names?: Readonly<Record<string, string>>;
  readonly statusUrl?: string;
  readonly dashboardUrl?: string;
}

const GROUP_WORDS = {
  id: {
    members: 'Anggota',
    rule: 'Aturan grup',
    explains: 'menentukan status grup',
    notCounted: 'tidak dihitung: statusnya belum diketahui',
    more: (n: number) => `+${n} lain`,
  },
  en: {
    members: 'Members',
    rule: 'Group rule',
    explains: "sets the group's status",
    notCounted: 'not counted: its status is unknown',
    more: (n: number) => `+${n} more`,
  },
} as const;

/** The group's page in the status API, or `undefined` without a status URL. */
export function groupStatusUrl(statusUrl: string | undefined, groupId: string): string | undefined {
  if (statusUrl === undefined || statusUrl.trim() === '') return undefined;
  return `${statusUrl.replace(/\/+$/, '')}/groups/${encodeURIComponent(groupId)}`;
}

interface GroupFacts {
  readonly v: Vocabulary;
  readonly locale: Locale;
  readonly groupId: string;
  readonly name: string;
  readonly previous: { readonly status: ConsensusStatus; readonly since: string };
  readonly recovery: boolean;
  readonly members: readonly GroupMemberStatus[];
  readonly link: string | undefined;
}

function factsOf(t: Transition, context: GroupMessageContext): GroupFacts {
  const groupId = groupIdOf(t.targetId) ?? t.targetId;
  const previous = t.from === 'unknown' && t.lastKnown ? t.lastKnown : { status: t.from, since: t.fromSince };
  return {
    v: VOCABULARY[context.locale],
    locale: context.locale,
    groupId,
    name: context.targetName === t.targetId ? groupId : context.targetName,
    previous,
    recovery:
      t.to !== 'unknown' && previous.status !== 'unknown' && severity(t.to) < severity(previous.status),
    members: explainingFirst(t.members ?? []),
    link: groupStatusUrl(context.statusUrl, groupId),
  };
}

function memberName(m: GroupMemberStatus, names: GroupMessageContext['names']): string {
  return names?.[m.targetId] ?? m.targetId;
}

/** `DOWN sejak 14:05 WIB` / `NORMAL kembali 14:20 WIB setelah DOWN 15 mnt`. */
function headline(f: GroupFacts, t: Transition): string {
  const time = `${wibClock(t.at)} WIB`;
  const { v } = f;
  if (!f.recovery) return `${v.status[t.to]} ${v.words.since} ${time}`;
  const lasted = humanDuration(Date.parse(t.at) - Date.parse(f.previous.since), f.locale, 'short');
  const [to, from] = [v.status[t.to], v.status[f.previous.status]];
  return f.locale === 'id'
    ? `${to} kembali ${time} setelah ${from} ${lasted}`
    : `${to} again at ${time} after ${from} for ${lasted}`;
}

/** `Coretax DOWN, e-Nofa NORMAL`, the members that explain the status first; `shown` members, then "+N more". */
function memberList(f: GroupFacts, names: GroupMessageContext['names'], shown = f.members.length): string {
  const listed = f.members.slice(0, shown).map((m) => `${memberName(m, names)} ${f.v.status[m.status]}`);
  const rest = f.members.length - shown;
  return [...listed, ...(rest > 0 ? [GROUP_WORDS[f.locale].more(rest)] : [])].join(', ');
}

/**
 * One GSM-7 segment: name, headline, members, link; shortened by leaving out the link, then members from the end
 * (those that explain the status come first), and only then the name cut.
 */
function smsOf(f: GroupFacts, t: Transition, names: GroupMessageContext['names']): string {
  const name = toGsm7(f.name);
  const head = toGsm7(headline(f, t));
  const link = f.link === undefined ? undefined : gsmLink(f.link);
  const tail = (withLink: boolean) => (withLink && link !== undefined ? `. ${f.v.words.info}: ${link}` : '.');
  for (let shown = f.members.length; shown >= 1; shown--) {
    for (const withLink of [true, false]) {
      const sms = `${name} ${head}: ${toGsm7(memberList(f, names, shown))}${tail(withLink)}`;
      if (gsmSeptets(sms) <= SMS_MAX) return sms;
    }
  }
  const rest = ` ${head}: ${toGsm7(memberList(f, names, 1))}.`;
  const room = SMS_MAX - gsmSeptets(rest);
  return truncateSeptets(`${truncateSeptets(name, Math.max(0, room))}${rest}`, SMS_MAX);
}

function emailOf(f: GroupFacts, t: Transition, context: GroupMessageContext): string {
  const { v, locale } = f;
  const words = GROUP_WORDS[locale];
  const lasted = humanDuration(Date.parse(t.at) - Date.parse(f.previous.since), locale, 'long');
  const previousLine =
    f.previous.status === 'unknown'
      ? `${v.words.previousStatus}: ${v.status.unknown}`
      : `${v.words.previousStatus}: ${v.status[f.previous.status]} ${v.words.lasted} ${lasted} (${v.words.since} ${wibDateTime(f.previous.since, locale)})`;
  const memberLine = (m: GroupMemberStatus) =>
    `- ${memberName(m, context.names)}: ${v.status[m.status]}${
      m.explains ? ` (${words.explains})` : m.status === 'unknown' ? ` (${words.notCounted})` : ''
    }`;
  const links = [
    ...(f.link !== undefined ? [`${v.words.statusLink}: ${f.link}`] : []),
    ...(context.dashboardUrl ? [`${v.words.dashboardLink}: ${context.dashboardUrl}`] : []),
  ];
  return [
    `${f.name}: ${v.status[t.to]}`,
    '',
    `${v.words.newStatus}: ${v.status[t.to]}`,
    `${v.words.since.charAt(0).toUpperCase()}${v.words.since.slice(1)}: ${wibDateTime(t.at, locale)}`,
    previousLine,
    `${words.rule}: ${v.rule[t.rule]}`,
    '',
    `${words.members}:`,
    ...f.members.map(memberLine),
    ...(links.length > 0 ? ['', ...links] : []),
    '',
    '--',
    v.words.footer,
    '',
  ].join('\n');
}

/** The parts of a group transition's message; `formatAlert` hands group transitions here. */
export function formatGroupAlert(t: Transition, context: GroupMessageContext) {
  const f = factsOf(t, context);
  const head = headline(f, t);
  const subjectRest = toAscii(`: ${head}`);
  const members = memberList(f, context.names);
  return {
    subject: `${truncate(toAscii(f.name), SUBJECT_MAX - subjectRest.length)}${subjectRest}`,
    default: `${f.name} ${head}: ${members}.${f.link !== undefined ? ` ${f.v.words.info}: ${f.link}` : ''}`,
    email: emailOf(f, t, context),
    sms: smsOf(f, t, context.names),
    attributes: { target: f.groupId, status: t.to, previousStatus: f.previous.status },
  };
}
