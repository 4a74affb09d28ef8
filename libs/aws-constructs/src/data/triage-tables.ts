import { RemovalPolicy, aws_dynamodb as dynamodb, aws_kms as kms } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { TriageEnvironment } from '../environment/triage-environment';
import { TableBackups } from './table-backups';

/** Props of {@link TriageTables}. */
export interface TriageTablesProps {
  environment: TriageEnvironment;
  key: kms.IKey;
}

/** The attribute every table expires items by (epoch seconds). */
export const TTL_ATTRIBUTE = 'expiresAt';

const string = (name: string): dynamodb.Attribute => ({ name, type: dynamodb.AttributeType.STRING });

/**
 * The three tables of AWS.md: `triage-<env>-catalog` (labels, predictions, worklist, outbox; GSIs gsi1 and gsi2; a
 * NEW_IMAGE stream the outbox pipe reads), `triage-<env>-mlops` (the loop's state) and `triage-<env>-metrics` (monitor
 * scores, drift; GSI gsi1). All on demand, with point-in-time recovery, encrypted with the key, items expiring by
 * `expiresAt`, and in an AWS Backup plan.
 */
export class TriageTables extends Construct {
  readonly catalog: dynamodb.Table;
  readonly mlops: dynamodb.Table;
  readonly metrics: dynamodb.Table;
  readonly backups: TableBackups;

  constructor(scope: Construct, id: string, props: TriageTablesProps) {
    super(scope, id);
    const env = props.environment;
    const table = (tableId: string, part: string, stream?: dynamodb.StreamViewType) =>
      new dynamodb.Table(this, tableId, {
        tableName: `triage-${env.name}-${part}`,
        partitionKey: string('pk'),
        sortKey: string('sk'),
        billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
        encryptionKey: props.key,
        timeToLiveAttribute: TTL_ATTRIBUTE,
        stream,
        deletionProtection: env.retainData,
        removalPolicy: env.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      });
    this.catalog = table('Catalog', 'catalog', dynamodb.StreamViewType.NEW_IMAGE);
    this.catalog.addGlobalSecondaryIndex({ indexName: 'gsi1', partitionKey: string('gsi1pk'), sortKey: string('gsi1sk') });
    this.catalog.addGlobalSecondaryIndex({ indexName: 'gsi2', partitionKey: string('gsi2pk'), sortKey: string('gsi2sk') });
    this.mlops = table('Mlops', 'mlops');
    this.metrics = table('Metrics', 'metrics');
    this.metrics.addGlobalSecondaryIndex({ indexName: 'gsi1', partitionKey: string('gsi1pk'), sortKey: string('gsi1sk') });
    this.backups = new TableBackups(this, 'Backups', { environment: env, key: props.key, tables: [this.catalog, this.mlops, this.metrics] });
  }
}
