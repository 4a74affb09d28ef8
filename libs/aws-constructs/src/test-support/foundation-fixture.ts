import { RemovalPolicy, Stack, aws_dynamodb as dynamodb, aws_ec2 as ec2, aws_kms as kms, aws_s3 as s3 } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { TriageEnvironment } from '../environment/triage-environment';
import type { FoundationResources } from '../foundation/foundation-resources';

/** A dev environment for specs (every field set; override what a spec is about). */
export function testEnvironment(overrides: Partial<TriageEnvironment> = {}): TriageEnvironment {
  return {
    name: 'dev',
    account: '123456789012',
    region: 'eu-west-1',
    maxAzs: 2,
    natGateways: 1,
    logRetentionDays: 30,
    retainData: false,
    api: { desiredCount: 2, cpu: 1024, memoryMiB: 2048 },
    imageTag: 'v1.2.3',
    modelPackageGroupName: 'triage-dev-chest-xray',
    accuracyThreshold: 0.85,
    ...overrides,
  };
}

/**
 * A small stand-in for the foundation stack (VPC, key, buckets, tables with the catalog's stream, a datastore id), so the
 * app stacks' specs synthesise without the real foundation. Not cdk-nag clean: the real foundation is H1's.
 */
export class FoundationFixtureStack extends Stack {
  readonly resources: FoundationResources;

  constructor(scope: Construct, id: string, environment: TriageEnvironment) {
    super(scope, id, { env: { account: environment.account, region: environment.region } });
    const vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 1,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC },
        { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      ],
    });
    const key = new kms.Key(this, 'Key', { enableKeyRotation: true, removalPolicy: RemovalPolicy.DESTROY });
    const bucket = (name: string, kmsEncrypted = true) =>
      new s3.Bucket(this, name, {
        encryption: kmsEncrypted ? s3.BucketEncryption.KMS : s3.BucketEncryption.S3_MANAGED,
        encryptionKey: kmsEncrypted ? key : undefined,
        enforceSSL: true,
        blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      });
    const table = (name: string, stream?: dynamodb.StreamViewType) =>
      new dynamodb.Table(this, name, {
        tableName: `triage-${environment.name}-${name.toLowerCase()}`,
        partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
        sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
        billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
        encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
        encryptionKey: key,
        stream,
        removalPolicy: RemovalPolicy.DESTROY,
      });
    this.resources = {
      environment,
      vpc,
      key,
      // ALB and S3 server access logs can only be written to an SSE-S3 bucket.
      buckets: { import: bucket('Import'), training: bucket('Training'), models: bucket('Models'), logs: bucket('Logs', false) },
      tables: { catalog: table('Catalog', dynamodb.StreamViewType.NEW_IMAGE), mlops: table('Mlops'), metrics: table('Metrics') },
      datastore: {
        id: 'ds0123456789abcdef0123456789abcd',
        arn: `arn:aws:medical-imaging:${environment.region}:${environment.account}:datastore/ds0123456789abcdef0123456789abcd`,
      },
    };
  }
}
