import { type GroupRule, groupStatusOf } from '../../groups/group-status.js';
import type { ConsensusStatus, Locale } from '../../types.js';
import type { GroupStatusView } from '../group-view.js';
import { duration, wibWhen } from './page-format.js';
import type { PageText } from './page-text.js';
import type { TargetPage } from './status-page.js';

/** The words of the groups' section. */
const GROUP_TEXT: Readonly<
  Record<
    Locale,
    {
      readonly title: string;
      readonly rule: Readonly<Record<GroupRule, string>>;
      readonly explains: string;
      readonly notCounted: string;
    }
  >
> = {
  id: {
    title: 'Bisakah saya bekerja?',
    rule: {
      worst: 'Status grup adalah status terburuk dari layanan di bawah ini.',
      'any-up': 'Grup ini terganggu hanya jika semua layanan di bawah ini terganggu.',
    },
    explains: 'menentukan status grup',
    notCounted: 'tidak dihitung: statusnya belum diketahui',
  },
  en: {
    title: 'Can I work?',
    rule: {
      worst: "The group's status is the worst status of the services below.",
      'any-up': 'This group fails only when every service below fails.',
    },
    explains: "sets the group's status",
    notCounted: 'not counted: its status is unknown',
  },
};

/** A group's members as the page shows them: a stale verdict counts as unknown, as it does on its own card. */
export function shownGroup(group: GroupStatusView, targets: readonly TargetPage[]) {
  const byId = new Map(targets.map((t) => [t.view.id, t.view]));
  const members = group.members.map((m) => {
    const view = byId.get(m.id);
    // A stale verdict is not shown as the status (see `shownStatus`).
    const status: ConsensusStatus = view === undefined || view.stale ? 'unknown' : view.status;
    return { id: m.id, name: m.name, status };
  });
  const outcome = groupStatusOf(
    members.map((m) => ({ targetId: m.id, status: m.status })),
    group.rule,
  );
  return {
    status: outcome.status,
    members: members.map((m, i) => ({ ...m, explains: outcome.members[i]?.explains === true })),
  };
}

function GroupCard(props: {
  group: GroupStatusView;
  targets: readonly TargetPage[];
  now: Date;
  text: PageText;
  icon: (status: ConsensusStatus) => unknown;
}) {
  const { group, text, now } = props;
  const words = GROUP_TEXT[text.lang];
  const shown = shownGroup(group, props.targets);
  const since =
    group.since !== null && shown.status === group.status && shown.status !== 'unknown'
      ? text.since(
          wibWhen(group.since, now, text.lang),
          duration(now.getTime() - Date.parse(group.since), text.lang),
        )
      : null;
  return (
    <section
      class="card group"
      id={`g-${group.id}`}
      data-status={shown.status}
      data-name={group.name}
      aria-labelledby={`hg-${group.id}`}
    >
      <h2 id={`hg-${group.id}`}>{group.name}</h2>
      <p class={`answer s-${shown.status}`}>
        {props.icon(shown.status)}
        <span>{text.status[shown.status]}</span>
      </p>
      {since !== null && <p>{since}</p>}
      <p class="muted">{words.rule[group.rule]}</p>
      <ul class="votes members">
        {shown.members.map((m) => (
          <li data-member={m.id} data-status={m.status}>
            <span class={`s-${m.status}`}>{props.icon(m.status)}</span>
            <span>
              <a href={`#t-${m.id}`}>{m.name}</a>: {text.status[m.status]}
              {m.explains && shown.status !== 'up' ? ` (${words.explains})` : ''}
              {m.status === 'unknown' && shown.status !== 'unknown' ? ` (${words.notCounted})` : ''}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The service groups, above the targets they are made of ("can I work?" at a glance); nothing without groups. */
export function GroupSection(props: {
  groups: readonly GroupStatusView[];
  targets: readonly TargetPage[];
  now: Date;
  text: PageText;
  icon: (status: ConsensusStatus) => unknown;
}) {
  if (props.groups.length === 0) return null;
  const words = GROUP_TEXT[props.text.lang];
  return (
    <section class="groups" aria-label={words.title}>
      {props.groups.map((group) => (
        <GroupCard
          group={group}
          targets={props.targets}
          now={props.now}
          text={props.text}
          icon={props.icon}
        />
      ))}
    </section>
  );
}
