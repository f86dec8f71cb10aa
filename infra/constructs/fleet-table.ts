import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Billing, StreamViewType, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { PK, SK, TTL_ATTRIBUTE } from '../../shared/store/table-keys.js';

export interface FleetTableProps {
  /** The table's physical name; probe stacks in other regions address the table by it. */
  readonly tableName: string;
  /**
   * What happens to the table when its stack is deleted.
   * @default RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE: the outage history outlives the stack, yet a first deploy
   * that rolls back deletes the table it had just created, so that a retry can create it again under its name
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * DynamoDB deletion protection. Off by default: CloudFormation cannot delete a protected table, so a first deploy
   * that rolls back would leave it behind and block every retry; turn it on once the fleet is deployed.
   * @default false
   */
  readonly deletionProtection?: boolean;
}

/** The single fleet table: results (with TTL), consensus state and transitions; its stream feeds the aggregator. */
export class FleetTable extends Construct {
  readonly table: TableV2;
  readonly tableName: string;

  constructor(scope: Construct, id: string, props: FleetTableProps) {
    super(scope, id);
    this.tableName = props.tableName;
    this.table = new TableV2(this, 'Table', {
      tableName: this.tableName,
      partitionKey: { name: PK, type: AttributeType.STRING },
      sortKey: { name: SK, type: AttributeType.STRING },
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: TTL_ATTRIBUTE,
      dynamoStream: StreamViewType.NEW_IMAGE,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
      deletionProtection: props.deletionProtection ?? false,
    });
  }
}
