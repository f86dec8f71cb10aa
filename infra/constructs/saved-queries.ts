import { CfnQueryDefinition } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { LogQuery } from '../log-queries.js';

export interface SavedQueriesProps {
  /** Folder of the queries in Logs Insights: the fleet's name. */
  readonly folder: string;
  /** Log groups of this stack's region that every query reads. */
  readonly logGroupNames: readonly string[];
  readonly queries: readonly LogQuery[];
  /** Appended to each title, e.g. the region. */
  readonly suffix?: string;
}

/**
 * Logs Insights saved queries (free) in the stack's region, under `<fleet>/`: the per-target and per-region
 * detail of the dashboard's tables, there whether or not the dashboard is deployed.
 */
export class SavedQueries extends Construct {
  constructor(scope: Construct, id: string, props: SavedQueriesProps) {
    super(scope, id);
    props.queries.forEach((query, i) => {
      new CfnQueryDefinition(this, `Query${i}`, {
        name: `${props.folder}/${query.title}${props.suffix === undefined ? '' : ` (${props.suffix})`}`,
        queryString: query.lines.join('\n| '),
        logGroupNames: [...props.logGroupNames],
      });
    });
  }
}
