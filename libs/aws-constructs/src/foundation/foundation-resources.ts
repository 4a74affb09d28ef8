import type { aws_dynamodb as dynamodb, aws_ec2 as ec2, aws_kms as kms, aws_s3 as s3 } from 'aws-cdk-lib';
import type { TriageEnvironment } from '../environment/triage-environment';

/** What the foundation stack gives every app stack: the network, the key, the buckets, the tables and the datastore. */
export interface FoundationResources {
  environment: TriageEnvironment;
  vpc: ec2.IVpc;
  /** The customer-managed key every store is encrypted with. */
  key: kms.IKey;
  buckets: {
    /** DICOM files staged for HealthImaging import jobs. */
    import: s3.IBucket;
    /** Dataset snapshots and pipeline step outputs. */
    training: s3.IBucket;
    /** model.tar.gz, evaluation reports, drift references. */
    models: s3.IBucket;
    /** Server access logs, ALB logs, and the audit head anchor (Object Lock). */
    logs: s3.IBucket;
  };
  tables: {
    catalog: dynamodb.ITable;
    mlops: dynamodb.ITable;
    metrics: dynamodb.ITable;
  };
  datastore: { id: string; arn: string };
}
