import { RemovalPolicy, aws_backup as backup, aws_dynamodb as dynamodb, aws_kms as kms } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { TriageEnvironment } from '../environment/triage-environment';
import { acknowledge } from '../nag/acknowledge';

/** Props of {@link TableBackups}. */
export interface TableBackupsProps {
  environment: TriageEnvironment;
  key: kms.IKey;
  tables: dynamodb.ITable[];
}

/**
 * An AWS Backup plan for the tables, beside point-in-time recovery (35 days): daily backups kept 35 days and monthly
 * ones kept a year, in a vault encrypted with the key, so a table deleted or corrupted past PITR's window comes back.
 */
export class TableBackups extends Construct {
  readonly vault: backup.BackupVault;
  readonly plan: backup.BackupPlan;

  constructor(scope: Construct, id: string, props: TableBackupsProps) {
    super(scope, id);
    const name = props.environment.name;
    this.vault = new backup.BackupVault(this, 'Vault', {
      backupVaultName: `triage-${name}`,
      encryptionKey: props.key,
      removalPolicy: props.environment.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    this.plan = new backup.BackupPlan(this, 'Plan', {
      backupPlanName: `triage-${name}-tables`,
      backupVault: this.vault,
      backupPlanRules: [backup.BackupPlanRule.daily(), backup.BackupPlanRule.monthly1Year()],
    });
    const selection = this.plan.addSelection('Tables', { resources: props.tables.map((table) => backup.BackupResource.fromDynamoDbTable(table)) });
    acknowledge(selection, {
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
      reason: "AWS Backup's own service-role policy for taking backups; AWS maintains it as the service adds resource types, and the selection limits it to our tables.",
    });
  }
}
