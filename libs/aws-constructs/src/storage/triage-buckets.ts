import { Duration, RemovalPolicy, aws_kms as kms, aws_s3 as s3 } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { TriageEnvironment } from '../environment/triage-environment';
import { acknowledge } from '../nag/acknowledge';

/** Props of {@link TriageBuckets}. */
export interface TriageBucketsProps {
  environment: TriageEnvironment;
  key: kms.IKey;
}

/** The data buckets: what each holds decides its lifecycle. */
export const DATA_BUCKETS = ['import', 'training', 'models'] as const;
export type DataBucketName = (typeof DATA_BUCKETS)[number];

const LIFECYCLE: Record<DataBucketName, s3.LifecycleRule[]> = {
  // DICOM staged for import jobs: once HealthImaging holds the image set, the file is only a backup.
  import: [{ id: 'archive-staged-dicom', transitions: [{ storageClass: s3.StorageClass.GLACIER, transitionAfter: Duration.days(90) }] }],
  // Dataset snapshots and step outputs: read by retraining at unpredictable times.
  training: [
    { id: 'tier-datasets', transitions: [{ storageClass: s3.StorageClass.INTELLIGENT_TIERING, transitionAfter: Duration.days(0) }] },
  ],
  models: [{ id: 'tier-models', transitions: [{ storageClass: s3.StorageClass.INTELLIGENT_TIERING, transitionAfter: Duration.days(30) }] }],
};

/** Every bucket keeps superseded versions a while (recovery from an overwrite), then in Glacier, then drops them. */
const NONCURRENT: s3.LifecycleRule = {
  id: 'noncurrent-versions',
  noncurrentVersionTransitions: [{ storageClass: s3.StorageClass.GLACIER, transitionAfter: Duration.days(30) }],
  noncurrentVersionExpiration: Duration.days(365),
  abortIncompleteMultipartUploadAfter: Duration.days(7),
};

/**
 * The four buckets. import, training and models: SSE-KMS with the key (S3 Bucket Keys on), public access blocked,
 * TLS-only policy, versioned, access-logged to the logs bucket, with lifecycle rules to cheaper tiers. logs: SSE-S3,
 * because S3 server access logs and ALB access logs can only be delivered to SSE-S3 buckets; Object Lock enabled
 * without a default retention (access-log delivery refuses a bucket with one): the audit head anchor sets governance
 * retention on each object it writes, and CloudTrail's files are protected by their digest chain.
 */
export class TriageBuckets extends Construct {
  readonly import: s3.Bucket;
  readonly training: s3.Bucket;
  readonly models: s3.Bucket;
  readonly logs: s3.Bucket;

  constructor(scope: Construct, id: string, props: TriageBucketsProps) {
    super(scope, id);
    const env = props.environment;
    const removalPolicy = env.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    this.logs = new s3.Bucket(this, 'Logs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: true,
      objectLockEnabled: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [
        { id: 'archive-logs', transitions: [{ storageClass: s3.StorageClass.GLACIER, transitionAfter: Duration.days(90) }] },
      ],
      // Objects under Object Lock cannot be deleted by a stack deletion anyway: the bucket always stays.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const dataBucket = (bucketId: string, name: DataBucketName) =>
      new s3.Bucket(this, bucketId, {
        encryption: s3.BucketEncryption.KMS,
        encryptionKey: props.key,
        bucketKeyEnabled: true,
        blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
        enforceSSL: true,
        minimumTLSVersion: 1.2,
        versioned: true,
        objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
        serverAccessLogsBucket: this.logs,
        serverAccessLogsPrefix: `s3-access/${name}/`,
        lifecycleRules: [...LIFECYCLE[name], NONCURRENT],
        removalPolicy,
      });
    this.import = dataBucket('Import', 'import');
    this.training = dataBucket('Training', 'training');
    this.models = dataBucket('Models', 'models');
    acknowledge(this, {
      id: 'HIPAA.Security-S3BucketReplicationEnabled',
      reason:
        'Single-region deployment: versioning (and Object Lock on logs) guard against deletion and overwrite; cross-region replication is a disaster-recovery choice per hospital (a second region and its cost), documented in DEPLOYMENT.md.',
    });
    acknowledge(this.logs, {
      id: 'HIPAA.Security-S3DefaultEncryptionKMS',
      reason:
        'S3 server access logs and ALB access logs are delivered only to buckets encrypted with SSE-S3 (AES-256); the logs bucket holds no PHI, and the data buckets use SSE-KMS.',
    });
  }
}
