import { RemovalPolicy, aws_backup as backup, aws_ec2 as ec2, aws_ecs as ecs, aws_efs as efs, aws_iam as iam } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { FoundationResources } from '../foundation/foundation-resources';
import { acknowledge } from '../nag/acknowledge';

/** Where the API image keeps its data folder (apps/api/Dockerfile: TRIAGE_DATA_DIR). */
export const API_DATA_DIR = '/var/lib/triage';
/** The image's `node` user, which owns the data folder. */
const NODE_UID = '1000';

/** Props of {@link ApiDataVolume}. */
export interface ApiDataVolumeProps {
  foundation: FoundationResources;
  taskDefinition: ecs.FargateTaskDefinition;
  container: ecs.ContainerDefinition;
  taskRole: iam.IRole;
}

/**
 * The API task's data folder on EFS: what the API keeps itself (the hash-chained audit log whose head S3 anchors, bearer
 * tokens, browser sessions, access keys) outlives a task and a deployment. Encrypted at rest with the environment's key
 * and in transit (TLS, IAM-authorised mount through one access point owned by the image's user); in an AWS Backup plan
 * (daily kept 35 days, monthly kept a year) in a vault of its own under the same key. The folder takes one writer (its SQLite files and the append-only log), so the service runs one
 * task and a deployment stops it before starting the next.
 */
export class ApiDataVolume extends Construct {
  readonly fileSystem: efs.FileSystem;

  constructor(scope: Construct, id: string, props: ApiDataVolumeProps) {
    super(scope, id);
    const { foundation, taskDefinition, container, taskRole } = props;
    this.fileSystem = new efs.FileSystem(this, 'FileSystem', {
      vpc: foundation.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      encrypted: true,
      kmsKey: foundation.key,
      performanceMode: efs.PerformanceMode.GENERAL_PURPOSE,
      throughputMode: efs.ThroughputMode.ELASTIC,
      // Backed up by the plan below, not EFS's default plan (which has no vault of ours and no monthly copies).
      enableAutomaticBackups: false,
      removalPolicy: foundation.environment.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    const accessPoint = this.fileSystem.addAccessPoint('DataFolder', {
      path: '/triage',
      createAcl: { ownerUid: NODE_UID, ownerGid: NODE_UID, permissions: '700' },
      posixUser: { uid: NODE_UID, gid: NODE_UID },
    });
    taskDefinition.addVolume({
      name: 'data',
      efsVolumeConfiguration: {
        fileSystemId: this.fileSystem.fileSystemId,
        transitEncryption: 'ENABLED',
        authorizationConfig: { accessPointId: accessPoint.accessPointId, iam: 'ENABLED' },
      },
    });
    container.addMountPoints({ sourceVolume: 'data', containerPath: API_DATA_DIR, readOnly: false });
    this.fileSystem.grant(taskRole, 'elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite');

    const name = foundation.environment.name;
    const plan = new backup.BackupPlan(this, 'Backups', {
      backupPlanName: `triage-${name}-api-data`,
      backupVault: new backup.BackupVault(this, 'Vault', {
        backupVaultName: `triage-${name}-api-data`,
        encryptionKey: foundation.key,
        removalPolicy: foundation.environment.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      }),
      backupPlanRules: [backup.BackupPlanRule.daily(), backup.BackupPlanRule.monthly1Year()],
    });
    const selection = plan.addSelection('DataFolder', { resources: [backup.BackupResource.fromEfsFileSystem(this.fileSystem)] });
    acknowledge(selection, {
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
      reason:
        "AWS Backup's own service-role policy for taking backups; AWS maintains it, and the selection limits it to the API's data folder.",
    });
  }

  /** Lets the service's tasks reach the file system (NFS, 2049). */
  allowFrom(service: ecs.FargateService): void {
    this.fileSystem.connections.allowDefaultPortFrom(service, 'the API tasks mount their data folder');
  }
}
