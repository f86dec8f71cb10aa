import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Billing, StreamViewType, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { PK, SK, TTL_ATTRIBUTE } from '../../shared/store/table-keys.js';
import { FLEET_NAMES } from '../fleet-names.js';

export interface FleetTableProps {
  /**
   * The table's physical name; probe stacks in other regions address the table by it.
   * @default FLEET_NAMES.table
   */
  readonly tableName?: string;
  /**
   * What happens to the table when its stack is deleted.
   * @default RemovalPolicy.RETAIN (outage history outlives the stack)
   */
  readonly removalPolicy?: RemovalPolicy;
}

/** The single fleet table: results (with TTL), consensus state and transitions; its stream feeds the aggregator. */
export class FleetTable extends Construct {
  readonly table: TableV2;
  readonly tableName: string;

  constructor(scope: Construct, id: string, props: FleetTableProps = {}) {
    super(scope, id);
    this.tableName = props.tableName ?? FLEET_NAMES.table;
    this.table = new TableV2(this, 'Table', {
      tableName: this.tableName,
      partitionKey: { name: PK, type: AttributeType.STRING },
      sortKey: { name: SK, type: AttributeType.STRING },
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: TTL_ATTRIBUTE,
      dynamoStream: StreamViewType.NEW_IMAGE,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      deletionProtection: true,
    });
  }
}
