import type { AnnouncedWindow, Locale, Transition } from '../types.js';
import type { Vocabulary } from './message-vocabulary.js';
import { wibClock, wibDateTime, wibDayMonth } from './wib-time.js';

/** The texts of transitions about announced maintenance windows (see `Transition.window`). */
export type WindowKind = 'notice' | 'announced' | 'outlasted';

export function windowKindOf(t: Transition): WindowKind | null {
  if (t.window === undefined) return null;
  if (t.rule === 'maintenance_notice') return 'notice';
  if (t.rule === 'announced_maintenance') return 'announced';
  if (t.rule === 'window_outlasted') return 'outlasted';
  return null;
}

/** `22:00 WIB`, or `6/12 02:00 WIB` when `iso` falls on another WIB day than `reference`. */
function clockFrom(iso: string, reference: string): string {
  const day = wibDayMonth(iso);
  return day === wibDayMonth(reference) ? `${wibClock(iso)} WIB` : `${day} ${wibClock(iso)} WIB`;
}

/** The note in brackets (`short`: left out, for an SMS that would not fit otherwise). */
function noteOf(w: AnnouncedWindow, short: boolean): string {
  return w.note === null || short ? '' : ` (${w.note})`;
}

/**
 * The summary of a window transition: `MAINTENANCE terjadwal mulai 22:00 WIB s.d. 02:00 WIB (PENG-18/PJ.09/2024)`,
 * `MAINTENANCE terjadwal sejak 22:05 WIB s.d. 02:00 WIB (…)`; an outlasted window goes through `outlastedSuffix`.
 */
export function windowSummary(
  kind: Exclude<WindowKind, 'outlasted'>,
  t: Transition & { window: AnnouncedWindow },
  v: Vocabulary,
  short: boolean,
): string {
  const w = t.window;
  const end = clockFrom(w.end, kind === 'notice' ? w.start : t.at);
  if (kind === 'notice') {
    return `${v.status.maintenance} ${v.words.window.notice(clockFrom(w.start, t.at), end)}${noteOf(w, short)}`;
  }
  const since = `${v.words.since} ${wibClock(t.at)} WIB`;
  return `${v.status.maintenance} ${v.words.window.announced} ${since} ${v.words.window.until} ${end}${noteOf(w, short)}`;
}

/** The subject's rest after the target's name. */
export function windowSubject(
  kind: WindowKind,
  t: Transition & { window: AnnouncedWindow },
  v: Vocabulary,
): string {
  const w = t.window;
  if (kind === 'notice') {
    return `: ${v.status.maintenance} ${v.words.window.announced} ${clockFrom(w.start, t.at)}-${clockFrom(w.end, w.start)}`;
  }
  if (kind === 'announced') {
    return `: ${v.status.maintenance} ${v.words.window.announced} ${v.words.since} ${wibClock(t.at)} WIB`;
  }
  return `: ${v.status.down} ${v.words.since} ${wibClock(t.at)} WIB, ${v.words.window.outlastedShort}`;
}

/** Email lines about the window: its times and what announced it. */
export function windowEmailLines(w: AnnouncedWindow, v: Vocabulary, locale: Locale): string[] {
  return [
    v.words.window.line(`${wibDateTime(w.start, locale)} - ${wibDateTime(w.end, locale)}`),
    ...(w.note !== null ? [`${v.words.window.note}: ${w.note}`] : []),
  ];
}
