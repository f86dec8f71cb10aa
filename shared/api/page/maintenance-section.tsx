import { type DeadlineOccurrence, nextDeadlineLine } from '../../calendar/deadline-calendar.js';
import type { MaintenanceWindow } from '../../maintenance/maintenance-window.js';
import { wibDateTime } from './page-format.js';
import type { PageText } from './page-text.js';

export interface MaintenanceSectionProps {
  /** Windows in progress or to come, soonest first. */
  readonly windows: readonly MaintenanceWindow[];
  readonly nextDeadline: DeadlineOccurrence | null;
  /** Target names by id. */
  readonly names: ReadonlyMap<string, string>;
  readonly now: Date;
  readonly text: PageText;
}

/** "Jadwal pemeliharaan": each announced window in WIB with its note, then the next filing deadline. */
export function MaintenanceSection(props: MaintenanceSectionProps) {
  const { text, now } = props;
  return (
    <section class="box" id="maintenance" aria-labelledby="h-maint">
      <h2 id="h-maint">{text.maintenance.title}</h2>
      {props.windows.length === 0 ? (
        <p>{text.maintenance.none}</p>
      ) : (
        <ul>
          {props.windows.map((w) => (
            <li data-window={w.id}>
              <strong>
                {wibDateTime(w.start, text.lang)} – {wibDateTime(w.end, text.lang)}
              </strong>
              {Date.parse(w.start) <= now.getTime() && ` (${text.maintenance.inProgress})`}
              <br />
              {text.maintenance.targets}: {w.targets.map((t) => props.names.get(t) ?? t).join(', ')}
              {w.note !== null && (
                <>
                  <br />
                  {text.maintenance.note}: {w.note}
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {props.nextDeadline !== null && (
        <p id="next-deadline">{nextDeadlineLine(props.nextDeadline, text.lang)}</p>
      )}
    </section>
  );
}
