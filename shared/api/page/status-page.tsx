import type { Child } from 'hono/jsx';
import type { DeadlineOccurrence } from '../../calendar/deadline-calendar.js';
import type { MaintenanceWindow } from '../../maintenance/maintenance-window.js';
import type {
  ConsensusPolicy,
  ConsensusState,
  ConsensusStatus,
  Locale,
  Vote,
  VoteExclusion,
} from '../../types.js';
import { isFailing } from '../../types.js';
import type { DayShare } from '../daily-shares.js';
import type { GroupStatusView } from '../group-view.js';
import { type Incident, incidentDurationMs } from '../incidents.js';
import type { TargetStatusView } from '../target-view.js';
import { ERROR_CODES } from './error-codes.js';
import { GroupSection } from './group-section.js';
import { MaintenanceSection } from './maintenance-section.js';
import { PAGE_SCRIPT, PAGE_STYLE } from './page-assets.js';
import { duration, percent, seconds, wibDateTime, wibDay, wibWhen } from './page-format.js';
import { type FormOutcome, PAGE_TEXT, type PageText, placeOf } from './page-text.js';

/** What the page shows of one target. */
export interface TargetPage {
  readonly view: TargetStatusView;
  /** The stored state, for what the view leaves out (the flap damping that lengthens a recovery hold). */
  readonly state: ConsensusState | null;
  /** The last 90 WIB days, oldest first. */
  readonly days: readonly DayShare[];
  /** Up share of the 90 days, maintenance and unknown left out; `null` without any known time. */
  readonly uptimePct: number | null;
  /** Incidents of the 90 days, oldest first. */
  readonly incidents: readonly Incident[];
}

export interface StatusPageInput {
  readonly locale: Locale;
  readonly targets: readonly TargetPage[];
  /** Service groups, shown above the targets. @default none */
  readonly groups?: readonly GroupStatusView[];
  readonly policy: ConsensusPolicy;
  readonly now: Date;
  /** The ETag `/status` has for the same views: the script asks whether it changed. */
  readonly statusEtag: string;
  /** How often the script asks `/status`. */
  readonly pollMs: number;
  /** What the subscription form just did, shown above it after its redirect. */
  readonly outcome: FormOutcome | null;
  /** Announced maintenance in progress or to come, soonest first. @default none */
  readonly maintenance?: readonly MaintenanceWindow[];
  /** The next filing deadline. @default none shown */
  readonly nextDeadline?: DeadlineOccurrence | null;
}

/** Incidents listed per target; the rest are in the report and the CSV. */
export const PAGE_INCIDENTS = 10;

/** A stale verdict is not shown as the status: the page says it does not know, and what it knew last. */
export function shownStatus(view: TargetStatusView): ConsensusStatus {
  return view.stale ? 'unknown' : view.status;
}

const ICONS: Readonly<Record<ConsensusStatus, string>> = {
  up: 'M3 8.5l3.2 3.2L13 4.5',
  degraded: 'M8 2a6 6 0 1 0 0 12A6 6 0 0 0 8 2zM8 4.5V8l2.5 1.8',
  maintenance: 'M10.5 2.2a3.2 3.2 0 0 0-3 4.3L2.6 11.4l2 2 4.9-4.9a3.2 3.2 0 0 0 4.3-3L12.2 7 9 3.8z',
  down: 'M4 4l8 8M12 4l-8 8',
  unknown: 'M5.6 5.6a2.5 2.5 0 1 1 3.4 2.3c-.7.3-1 .8-1 1.5v.6M8 12.6v.2',
};

/** A shape for each status, so it is never told by colour alone (the words say it too). */
function Icon(props: { status: ConsensusStatus }) {
  return (
    <svg class="i" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d={ICONS[props.status]} />
    </svg>
  );
}

/** Down first, then maintenance, then not knowing, then slowness: what a person most needs to hear. */
const GRAVITY: Readonly<Record<ConsensusStatus, number>> = {
  down: 4,
  maintenance: 3,
  unknown: 2,
  degraded: 1,
  up: 0,
};

function gravest(targets: readonly TargetPage[]): {
  status: ConsensusStatus;
  names: string;
  since: string | null;
} {
  const statuses = targets.map((t) => shownStatus(t.view));
  const status = statuses.reduce<ConsensusStatus>(
    (worst, s) => (GRAVITY[s] > GRAVITY[worst] ? s : worst),
    'up',
  );
  const matching = targets.filter((t) => shownStatus(t.view) === status);
  const since = matching
    .map((t) => t.view.since)
    .filter((s): s is string => s !== null)
    .sort()[0];
  return { status, names: matching.map((t) => t.view.name).join(', '), since: since ?? null };
}

/** The recovery hold that applies now: longer while the target keeps failing again (flap damping). */
function holdMs(state: ConsensusState | null, policy: ConsensusPolicy, now: Date): number {
  const recent = (state?.recentOutages ?? []).filter(
    (t) => now.getTime() - Date.parse(t) < policy.flapWindowMs,
  );
  return recent.length >= policy.flapThreshold ? policy.flapRecoveryHoldMs : policy.recoveryHoldMs;
}

/** A vote as the state holds it (`excluded` absent) or as the API shows it (`null`). */
type ShownVote = Omit<Vote, 'excluded' | 'previousStatus'> & { readonly excluded?: VoteExclusion | null };

/** `Jakarta: normal, 0,4 dtk`; `Tokyo: tidak dihitung — hanya region ini yang gagal (koneksi ditolak)`. */
export function voteLine(vote: ShownVote, text: PageText): string {
  const place = placeOf(vote.region, text.lang);
  // `ok` and `slow` say no more than the status word itself.
  const reason = vote.reason === 'ok' || vote.reason === 'slow' ? '' : ` (${text.reason[vote.reason]})`;
  if (vote.excluded != null) return `${place}: ${text.notCounted[vote.excluded]}${reason}`;
  const latency = vote.latencyMs === null ? '' : `, ${seconds(vote.latencyMs, text.lang, text.secondsUnit)}`;
  return `${place}: ${text.statusWord[vote.status]}${reason}${latency}`;
}

/** The sentences under a target's answer: since when, when checked, what it means, anything in progress. */
export function targetLines(target: TargetPage, policy: ConsensusPolicy, now: Date, text: PageText) {
  const { view } = target;
  const status = shownStatus(view);
  const locale = text.lang;
  const age = (iso: string) => text.ago(duration(now.getTime() - Date.parse(iso), locale));
  const since =
    view.since !== null && !view.stale
      ? text.since(wibWhen(view.since, now, locale), duration(now.getTime() - Date.parse(view.since), locale))
      : null;
  const notes: string[] = [];
  if (view.stale && view.checkedAt !== null) {
    notes.push(text.stale(age(view.checkedAt), text.status[view.status]));
  }
  if (status === 'unknown') notes.push(text.unknownNote);
  if (!view.stale && view.pending !== null) {
    const remaining = Date.parse(view.pending.since) + holdMs(target.state, policy, now) - now.getTime();
    notes.push(
      text.pending(
        text.status[view.pending.status],
        wibWhen(view.pending.since, now, locale),
        remaining > 0 ? duration(remaining, locale) : null,
      ),
    );
  }
  if (!view.stale) {
    for (const problem of view.regionalProblems) {
      notes.push(
        text.regional(
          placeOf(problem.region, locale),
          problem.status,
          text.reason[problem.reason],
          wibWhen(problem.since, now, locale),
        ),
      );
    }
  }
  return { status, since, meaning: text.meaning[status], notes };
}

function TargetCard(props: { target: TargetPage; policy: ConsensusPolicy; now: Date; text: PageText }) {
  const { target, text, now } = props;
  const { view } = target;
  const lines = targetLines(target, props.policy, now, text);
  const checked =
    view.checkedAt === null
      ? null
      : text.ago(duration(now.getTime() - Date.parse(view.checkedAt), text.lang));
  return (
    <section
      class="card"
      id={`t-${view.id}`}
      data-live=""
      data-status={lines.status}
      data-name={view.name}
      data-word={text.status[lines.status]}
      aria-labelledby={`h-${view.id}`}
    >
      <h2 id={`h-${view.id}`}>{view.name}</h2>
      <p class={`answer s-${lines.status}`}>
        <Icon status={lines.status} />
        <span>{text.status[lines.status]}</span>
      </p>
      {lines.since !== null && <p>{lines.since}</p>}
      {view.checkedAt === null || checked === null ? (
        <p class="muted">{text.neverChecked}</p>
      ) : (
        <p class="muted">
          {text.checked(view.votes.length)}
          <time datetime={view.checkedAt} data-ago="">
            {checked}
          </time>
          .
        </p>
      )}
      <p>{lines.meaning}</p>
      {lines.notes.map((note) => (
        <p class="note">{note}</p>
      ))}
      {view.votes.length > 0 && (
        <>
          <h3>{text.evidenceTitle}</h3>
          <ul class="votes">
            {view.votes.map((vote) => {
              const shown: ConsensusStatus = vote.excluded == null ? vote.status : 'unknown';
              return (
                <li>
                  <span class={`s-${shown}`}>
                    <Icon status={shown} />
                  </span>
                  <span>{voteLine(vote, text)}</span>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
}

/**
 * Tenths of a day's bar for each share that is not up, up filling the rest. Any outage or maintenance takes at
 * least three tenths, so that a 20-minute outage is not a sliver nobody sees; the exact times are in the day's text.
 */
export function segments(day: DayShare): { cls: string; tenths: number }[] {
  if (day.seconds === 0) return [];
  const parts = [
    { cls: 'dn', value: day.in.down, least: 3 },
    { cls: 'mt', value: day.in.maintenance, least: 3 },
    { cls: 'dg', value: day.in.degraded, least: 1 },
    { cls: 'uk', value: day.in.unknown, least: 1 },
  ];
  let left = 10;
  return parts.flatMap(({ cls, value, least }) => {
    if (value <= 0 || left === 0) return [];
    const tenths = Math.min(left, Math.max(least, Math.round((value / day.seconds) * 10)));
    left -= tenths;
    return [{ cls, tenths }];
  });
}

/** `Min, 15 Mar 2026: gangguan 43 mnt, pemeliharaan 2 jam`. */
export function dayLine(day: DayShare, text: PageText): string {
  const label = wibDay(day.start, text.lang);
  if (day.seconds === 0 || day.in.unknown >= day.seconds) return `${label}: ${text.days.noData}`;
  const parts = (['down', 'maintenance', 'degraded'] as const)
    .filter((s) => day.in[s] > 0)
    .map((s) => `${text.statusWord[s]} ${duration(day.in[s] * 1000, text.lang)}`);
  if (day.in.unknown > 0) parts.push(`${text.days.without} ${duration(day.in.unknown * 1000, text.lang)}`);
  return `${label}: ${parts.length === 0 ? text.days.normal : parts.join(', ')}`;
}

function Days(props: { target: TargetPage; text: PageText }) {
  const { text, target } = props;
  return (
    <>
      <p>
        {target.uptimePct === null
          ? text.days.noUptime
          : text.days.uptime(percent(target.uptimePct, text.lang))}
      </p>
      <p class="muted" id={`cap-${target.view.id}`}>
        <span class="span-w">{text.days.last90}</span>
        <span class="span-n">{text.days.last30}</span>
      </p>
      <ol class="days" aria-labelledby={`cap-${target.view.id}`}>
        {target.days.map((day) => {
          const noData = day.seconds === 0 || day.in.unknown >= day.seconds;
          return (
            <li tabindex={-1} class={noData ? 'nd' : undefined}>
              {!noData && segments(day).map((s) => <i class={`${s.cls} h${s.tenths}`} />)}
              <span class="tip">{dayLine(day, text)}</span>
            </li>
          );
        })}
      </ol>
      <ul class="legend">
        {(
          [
            ['', text.statusWord.up],
            ['mt', text.statusWord.maintenance],
            ['dn', text.statusWord.down],
            ['dg', text.statusWord.degraded],
            ['uk', text.days.noData],
          ] as const
        ).map(([cls, label]) => (
          <li>
            <i class={`key ${cls}`} />
            {label}
          </li>
        ))}
      </ul>
    </>
  );
}

/** `GANGGUAN · 15 Mar 2026 14:05 WIB – 14:45 WIB (40 mnt)`. */
export function incidentTitle(incident: Incident, now: Date, text: PageText): string {
  const start = wibDateTime(incident.start, text.lang);
  const end =
    incident.end === null
      ? text.incidents.ongoing
      : wibWhen(incident.end, new Date(incident.start), text.lang);
  return `${text.status[incident.kind]} · ${start} – ${end} (${duration(incidentDurationMs(incident, now), text.lang)})`;
}

/** `Jakarta (timeout), Singapura (koneksi ditolak)`. */
export function incidentRegions(incident: Incident, text: PageText): string {
  return incident.evidence
    .map((v) => `${placeOf(v.region, text.lang)} (${text.reason[v.reason]})`)
    .join(', ');
}

function Incidents(props: { target: TargetPage; now: Date; text: PageText }) {
  const { text, now } = props;
  const newest = [...props.target.incidents].reverse();
  if (newest.length === 0) return <p>{text.incidents.none}</p>;
  const shown = newest.slice(0, PAGE_INCIDENTS);
  return (
    <>
      <ol class="incidents">
        {shown.map((incident) => (
          <li>
            <p class={`s-${incident.kind}`}>
              <strong>{incidentTitle(incident, now, text)}</strong>
            </p>
            <p>
              {text.incidents.decidedBy}: {text.rule[incident.startRule]}.
              {incident.evidence.length > 0 &&
                ` ${text.incidents.regions}: ${incidentRegions(incident, text)}.`}
            </p>
            {incident.endRule !== null && incident.endStatus !== null && (
              <p>
                {text.incidents.endedBy}: {text.status[incident.endStatus]} — {text.rule[incident.endRule]}.
              </p>
            )}
          </li>
        ))}
      </ol>
      {newest.length > shown.length && (
        <p class="muted">{text.incidents.more(newest.length - shown.length)}</p>
      )}
    </>
  );
}

function History(props: { target: TargetPage; now: Date; text: PageText }) {
  const { target, text } = props;
  const id = target.view.id;
  return (
    <section class="box" id={`hist-${id}`} data-live="" aria-labelledby={`hh-${id}`}>
      <h2 id={`hh-${id}`}>
        {target.view.name}: {text.days.title}
      </h2>
      <Days target={target} text={text} />
      <h3>{text.incidents.title}</h3>
      <Incidents target={target} now={props.now} text={text} />
    </section>
  );
}

function HelpBox(props: { targets: readonly TargetPage[]; now: Date; text: PageText }) {
  const { text, now } = props;
  const gravest_ = gravest(props.targets);
  const since = gravest_.since === null ? '' : wibWhen(gravest_.since, now, text.lang);
  const message: Record<ConsensusStatus, string> = {
    up: text.help.up,
    degraded: text.help.degraded(gravest_.names),
    maintenance: text.help.maintenance(gravest_.names, since),
    down: text.help.down(gravest_.names, since),
    unknown: text.help.unknown,
  };
  const failing = isFailing(gravest_.status);
  return (
    <section
      class={`help b-${gravest_.status}`}
      id="help"
      data-live=""
      data-help={gravest_.status}
      aria-labelledby="h-help"
    >
      <h2 id="h-help">{text.help.title}</h2>
      <p class={`s-${gravest_.status}`}>
        <strong>{message[gravest_.status]}</strong>
      </p>
      {!failing && (
        <>
          <p>{text.help.firstSteps}</p>
          <ol>
            {text.help.steps.map((step) => (
              <li>{step}</li>
            ))}
          </ol>
        </>
      )}
      <details open={!failing}>
        <summary>{text.help.codesTitle}</summary>
        <ul class="codes">
          {ERROR_CODES.map((code) => (
            <li>
              <span class="code">{code.codes}</span>
              {code.message !== undefined && ` "${code.message}"`}
              <span class={`side ${code.side}`}>{text.help.side[code.side]}</span>
              <br />
              {code.meaning[text.lang]} {code.steps[text.lang]}
            </li>
          ))}
        </ul>
      </details>
    </section>
  );
}

function Headline(props: { targets: readonly TargetPage[]; text: PageText }) {
  const { text } = props;
  const worst = gravest(props.targets);
  const failing = props.targets.filter((t) => {
    const s = shownStatus(t.view);
    return s !== 'up' && s !== 'unknown';
  });
  const unknown = props.targets.filter((t) => shownStatus(t.view) === 'unknown');
  const sentence =
    failing.length > 0
      ? text.headline.someFailing(
          failing.map((t) => `${t.view.name} (${text.status[shownStatus(t.view)]})`).join(', '),
        )
      : unknown.length === 0
        ? text.headline.allUp
        : unknown.length === props.targets.length
          ? text.headline.unknown
          : text.headline.someUnknown(unknown.map((t) => t.view.name).join(', '));
  return (
    <p class={`headline s-${worst.status}`} id="headline" data-live="">
      <Icon status={worst.status} />
      <span>{sentence}</span>
    </p>
  );
}

/** Every alert, or one group's or target's: a group answers "can I work?" without an email per target. */
function SubscribeScope(props: {
  text: PageText;
  groups: readonly { id: string; name: string }[];
  targets: readonly { id: string; name: string }[];
}) {
  const { text } = props;
  return (
    <>
      <label for="sub-targets">{text.subscribe.scope}</label>
      <select id="sub-targets" name="targets">
        <option value="" selected>
          {text.subscribe.everything}
        </option>
        {props.groups.length > 0 && (
          <optgroup label={text.subscribe.groups}>
            {props.groups.map((g) => (
              <option value={g.id}>{g.name}</option>
            ))}
          </optgroup>
        )}
        <optgroup label={text.subscribe.targets}>
          {props.targets.map((t) => (
            <option value={t.id}>{t.name}</option>
          ))}
        </optgroup>
      </select>
    </>
  );
}

function Subscribe(props: {
  text: PageText;
  outcome: FormOutcome | null;
  groups: readonly { id: string; name: string }[];
  targets: readonly { id: string; name: string }[];
}) {
  const { text } = props;
  const choices: { status: ConsensusStatus; label: string; checked: boolean }[] = [
    { status: 'down', label: text.status.down, checked: true },
    { status: 'maintenance', label: text.status.maintenance, checked: true },
    { status: 'up', label: text.subscribe.recovery, checked: true },
    { status: 'degraded', label: text.status.degraded, checked: false },
  ];
  return (
    <section class="box" id="subscribe" aria-labelledby="h-sub">
      <h2 id="h-sub">{text.subscribe.title}</h2>
      {props.outcome !== null && (
        <p class="outcome" role="status">
          {text.subscribe.outcome[props.outcome]}
        </p>
      )}
      <p>{text.subscribe.intro}</p>
      <form method="post" action="subscriptions/form">
        <input type="hidden" name="lang" value={text.lang} />
        <label for="email">{text.subscribe.email}</label>
        <input id="email" name="email" type="email" required maxlength={254} autocomplete="email" />
        <SubscribeScope text={text} groups={props.groups} targets={props.targets} />
        <fieldset>
          <legend>{text.subscribe.statuses}</legend>
          {choices.map((c) => (
            <label>
              <input type="checkbox" name="statuses" value={c.status} checked={c.checked} />
              {c.label}
            </label>
          ))}
        </fieldset>
        <button type="submit">{text.subscribe.button}</button>
      </form>
      <p class="muted">{text.subscribe.note}</p>
    </section>
  );
}

function Links(props: { targets: readonly TargetPage[]; text: PageText }) {
  const { text } = props;
  const lang = text.lang;
  return (
    <section class="box" aria-labelledby="h-links">
      <h2 id="h-links">{text.links.title}</h2>
      <ul>
        <li>
          <a href={`report?lang=${lang}`}>{text.links.report}</a>
        </li>
        <li>
          <a href={`incidents.csv?lang=${lang}`}>{text.links.csv}</a>
        </li>
        {props.targets.map((t) => (
          <li>
            <a href={`badge/${encodeURIComponent(t.view.id)}.svg`}>{text.links.badge(t.view.name)}</a>
          </li>
        ))}
        <li>
          <a href="summary.json">{text.links.summary}</a>
        </li>
        <li>
          <a href="?format=json">{text.links.routes}</a>
        </li>
      </ul>
    </section>
  );
}

/** The data the script reads: where `/status` stood, the server's clock, the words of "12 s ago". */
function pageData(input: StatusPageInput, text: PageText): string {
  const units = text.lang === 'id' ? ['hari', 'jam', 'mnt', 'dtk'] : ['d', 'h', 'min', 's'];
  const json = JSON.stringify({
    etag: input.statusEtag,
    now: input.now.getTime(),
    pollMs: input.pollMs,
    units,
    ago: text.ago('%s'),
  });
  // In a script element `</script>` would end it; JSON allows `<` escaped.
  return json.replace(/</g, '\\u003c');
}

/** The status page as HTML: answers first, then the evidence, the help box, the history, the form and the links. */
export async function renderStatusPage(input: StatusPageInput): Promise<string> {
  const text = PAGE_TEXT[input.locale];
  const { now } = input;
  const worst = gravest(input.targets);
  const title = `${text.title}: ${text.status[worst.status]}`;
  const other = text.otherLanguage;
  const page: Child = (
    <html lang={text.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <meta name="description" content={text.question} />
        <link rel="icon" href="data:," />
        <style dangerouslySetInnerHTML={{ __html: PAGE_STYLE }} />
      </head>
      <body>
        <header>
          <nav class="lang" aria-label={text.languageLabel}>
            <a href={`?lang=${other.lang}`} hreflang={other.lang} lang={other.lang}>
              {other.label}
            </a>
          </nav>
          <h1>{text.title}</h1>
          <p class="q">{text.question}</p>
        </header>
        <main>
          <Headline targets={input.targets} text={text} />
          <GroupSection
            groups={input.groups ?? []}
            targets={input.targets}
            now={now}
            text={text}
            icon={(status) => <Icon status={status} />}
          />
          {input.targets.map((target) => (
            <TargetCard target={target} policy={input.policy} now={now} text={text} />
          ))}
          <MaintenanceSection
            windows={input.maintenance ?? []}
            nextDeadline={input.nextDeadline ?? null}
            names={new Map(input.targets.map((t) => [t.view.id, t.view.name]))}
            now={now}
            text={text}
          />
          <HelpBox targets={input.targets} now={now} text={text} />
          {input.targets.map((target) => (
            <History target={target} now={now} text={text} />
          ))}
          <Subscribe
            text={text}
            outcome={input.outcome}
            groups={input.groups ?? []}
            targets={input.targets.map((t) => t.view)}
          />
          <Links targets={input.targets} text={text} />
        </main>
        <footer>
          <p>{text.footer}</p>
          <p>{text.official}</p>
        </footer>
        <div id="live" class="vh" aria-live="polite" />
        <script
          type="application/json"
          id="page-data"
          dangerouslySetInnerHTML={{ __html: pageData(input, text) }}
        />
        <script dangerouslySetInnerHTML={{ __html: PAGE_SCRIPT }} />
      </body>
    </html>
  );
  return `<!doctype html>${await page.toString()}`;
}
