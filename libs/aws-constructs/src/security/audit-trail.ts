import { RemovalPolicy, aws_cloudtrail as cloudtrail, aws_kms as kms, aws_logs as logs, aws_s3 as s3 } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { TriageEnvironment } from '../environment/triage-environment';
import { logRetention } from '../environment/log-retention';
import { acknowledge } from '../nag/acknowledge';

/** Props of {@link AuditTrail}. */
export interface AuditTrailProps {
  environment: TriageEnvironment;
  key: kms.IKey;
  /** Where the trail's files go (the logs bucket, under `cloudtrail/`: Object Lock keeps them). */
  bucket: s3.IBucket;
  /** Buckets whose object reads and writes are recorded too (PHI lives there). */
  dataBuckets: s3.IBucket[];
}

/**
 * CloudTrail for the account's API calls in every region, with log file validation (a digest chain that shows a
 * deleted or edited file), encrypted with the key, also sent to a KMS-encrypted log group for queries and alarms, and
 * with S3 data events for the buckets that hold images and models.
 */
export class AuditTrail extends Construct {
  readonly trail: cloudtrail.Trail;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    super(scope, id);
    const name = props.environment.name;
    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      logGroupName: `/triage/${name}/cloudtrail`,
      encryptionKey: props.key,
      retention: logRetention(props.environment.logRetentionDays),
      removalPolicy: props.environment.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    this.trail = new cloudtrail.Trail(this, 'Trail', {
      trailName: `triage-${name}`,
      bucket: props.bucket,
      s3KeyPrefix: 'cloudtrail',
      encryptionKey: props.key,
      enableFileValidation: true,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      sendToCloudWatchLogs: true,
      cloudWatchLogGroup: this.logGroup,
    });
    this.trail.addS3EventSelector(
      props.dataBuckets.map((bucket) => ({ bucket })),
      { readWriteType: cloudtrail.ReadWriteType.ALL, includeManagementEvents: false },
    );
    acknowledge(this.trail, {
      id: 'HIPAA.Security-IAMNoInlinePolicy',
      reason: "CloudTrail's delivery role (made by CDK) carries one policy: create streams and put events in this trail's log group only.",
    });
  }
}
