import { Match, type Template } from 'aws-cdk-lib/assertions';
import { INTERFACE_ENDPOINTS, TRIAGE_ENVIRONMENTS, type TriageEnvironmentName } from '@triage/aws-constructs';
import { resolveEnvironment } from './environments';
import { synthSeconds } from './test-support/synth-report';
import { synthTriageApp, type SynthesisedTriageApp } from './test-support/synth-triage-app';
import { TRIAGE_PARTS } from './triage-app';

// One synthesis of all three environments (CloudFormation validation and both cdk-nag packs included); only dev's
// events stack bundles its Lambdas. A nag finding nobody acknowledged fails here, one line per finding.
let synthesised: SynthesisedTriageApp;
beforeAll(() => {
  synthesised = synthTriageApp(TRIAGE_ENVIRONMENTS, { bundle: ['dev'] });
  synthSeconds('all environments, dev bundled', synthesised.synthMs, synthesised.constructMs);
});

const foundation = (env: TriageEnvironmentName): Template => synthesised.template(env, 'foundation');
const envs = TRIAGE_ENVIRONMENTS.map((env) => [env]);

/** What differs per environment, as the templates must show it. */
const EXPECTED: Record<TriageEnvironmentName, { natGateways: number; retentionDays: number; deletionPolicy: 'Retain' | 'Delete' }> = {
  dev: { natGateways: 1, retentionDays: 30, deletionPolicy: 'Delete' },
  staging: { natGateways: 1, retentionDays: 90, deletionPolicy: 'Delete' },
  prod: { natGateways: 2, retentionDays: 2192, deletionPolicy: 'Retain' },
};

describe('the app', () => {
  it('has one stack per part per environment, named triage-<env>-<part>', () => {
    const names = synthesised.app.node.children.map((child) => (child as { stackName?: string }).stackName).filter(Boolean);
    expect(names.sort()).toEqual(TRIAGE_ENVIRONMENTS.flatMap((env) => TRIAGE_PARTS.map((part) => `triage-${env}-${part}`)).sort());
  });

  it('passes cdk-nag (HIPAA Security, AWS Solutions) with every acknowledgement giving its reason', () => {
    expect(synthesised.acknowledgements.filter((ack) => ack.reason.trim().length < 20)).toEqual([]);
  });

  it('acknowledges exactly these cdk-nag findings in each foundation stack, and none in the monitoring stacks', () => {
    for (const env of TRIAGE_ENVIRONMENTS) {
      // CDK acknowledges some of its own CloudFormation-Validate findings (on the flow log); these are ours.
      const acks = synthesised.acknowledgements.filter(
        (ack) => ack.path.startsWith(`triage-${env}-foundation/`) && /^(HIPAA|AwsSolutions)/.test(ack.id),
      );
      expect(acks.map((ack) => `${ack.id} @ ${ack.path.slice(`triage-${env}-foundation/Foundation/`.length)}`).sort()).toEqual(
        [
          'HIPAA.Security-VPCNoUnrestrictedRouteToIGW @ Network/Vpc/publicSubnet1',
          'HIPAA.Security-VPCNoUnrestrictedRouteToIGW @ Network/Vpc/publicSubnet2',
          'HIPAA.Security-IAMNoInlinePolicy @ Network/Vpc/FlowLog',
          'HIPAA.Security-IAMNoInlinePolicy @ Audit/Trail',
          'HIPAA.Security-S3BucketReplicationEnabled @ Buckets',
          'HIPAA.Security-S3DefaultEncryptionKMS @ Buckets/Logs',
          'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup] @ Data/Backups/Plan/Tables',
        ].sort(),
      );
      expect(synthesised.acknowledgements.filter((ack) => ack.path.startsWith(`triage-${env}-monitoring/`))).toEqual([]);
    }
  });

  it('takes overrides from cdk.json context (triage:environments), merging the API settings field by field', () => {
    const prod = resolveEnvironment('prod', {
      prod: { account: '111122223333', alarmEmail: 'oncall@example.org', api: { desiredCount: 4 } as never },
    });
    expect([prod.account, prod.alarmEmail, prod.api]).toEqual([
      '111122223333',
      'oncall@example.org',
      { desiredCount: 4, cpu: 2048, memoryMiB: 4096 },
    ]);
  });
});

describe.each(envs)('triage-%s-foundation', (env) => {
  it('has a customer-managed key with rotation, usable by CloudWatch Logs, CloudTrail and CloudWatch alarms', () => {
    foundation(env).hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({ Sid: 'CloudWatchLogsEncryptsThisAccountsLogGroups' }),
          Match.objectLike({ Sid: 'CloudTrailEncryptsThisAccountsTrails', Principal: { Service: 'cloudtrail.amazonaws.com' } }),
          Match.objectLike({ Sid: 'CloudWatchAlarmsPublishToEncryptedTopics', Principal: { Service: 'cloudwatch.amazonaws.com' } }),
        ]),
      },
    });
    foundation(env).hasResourceProperties('AWS::KMS::Alias', { AliasName: `alias/triage-${env}` });
  });

  it('spans two AZs with public and private subnets, NAT gateways per environment, S3 and DynamoDB gateway endpoints', () => {
    const template = foundation(env);
    template.resourceCountIs('AWS::EC2::Subnet', 4);
    template.resourcePropertiesCountIs('AWS::EC2::Subnet', { MapPublicIpOnLaunch: false }, 4);
    template.resourceCountIs('AWS::EC2::NatGateway', EXPECTED[env].natGateways);
    for (const service of ['s3', 'dynamodb']) {
      template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
        VpcEndpointType: 'Gateway',
        ServiceName: { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, `.${service}`]] },
      });
    }
  });

  it('has the interface endpoints, each with private DNS behind the HTTPS-from-the-VPC security group', () => {
    const template = foundation(env);
    const endpoints = template.findResources('AWS::EC2::VPCEndpoint', { Properties: { VpcEndpointType: 'Interface' } });
    expect(
      Object.values(endpoints)
        .map((endpoint) => endpoint.Properties.ServiceName as string)
        .sort(),
    ).toEqual(
      [
        'sagemaker.api',
        'sagemaker.runtime',
        'medical-imaging',
        'runtime-medical-imaging',
        'kms',
        'logs',
        'monitoring',
        'ecr.api',
        'ecr.dkr',
        'events',
        'sts',
      ]
        .map((service) => `com.amazonaws.us-east-1.${service}`)
        .sort(),
    );
    expect(Object.keys(endpoints)).toHaveLength(Object.keys(INTERFACE_ENDPOINTS).length);
    template.resourcePropertiesCountIs('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Interface', PrivateDnsEnabled: true }, 11);
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: [{ CidrIp: '10.40.0.0/16', FromPort: 443, ToPort: 443, IpProtocol: 'tcp' }],
    });
  });

  it('sends all VPC flow logs to a KMS-encrypted log group kept for the environment’s retention', () => {
    const template = foundation(env);
    template.hasResourceProperties('AWS::EC2::FlowLog', {
      ResourceType: 'VPC',
      TrafficType: 'ALL',
      LogDestinationType: 'cloud-watch-logs',
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: `/triage/${env}/vpc-flow-logs`,
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^FoundationKey'), 'Arn'] },
      RetentionInDays: EXPECTED[env].retentionDays,
    });
  });

  it('has the four buckets: public access blocked, versioned, TLS only; data buckets SSE-KMS and access-logged; logs SSE-S3 with Object Lock', () => {
    const template = foundation(env);
    const buckets = Object.entries(template.findResources('AWS::S3::Bucket'));
    expect(buckets.map(([id]) => id.replace(/^FoundationBuckets/, '').replace(/[0-9A-F]{8}$/, '')).sort()).toEqual([
      'Import',
      'Logs',
      'Models',
      'Training',
    ]);
    for (const [id, bucket] of buckets) {
      const properties = bucket.Properties;
      expect(properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
      const isLogs = id.startsWith('FoundationBucketsLogs');
      expect(properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe(
        isLogs ? 'AES256' : 'aws:kms',
      );
      expect(properties.ObjectLockEnabled).toBe(isLogs ? true : undefined);
      if (!isLogs) {
        expect(properties.BucketEncryption.ServerSideEncryptionConfiguration[0].BucketKeyEnabled).toBe(true);
        expect(properties.LoggingConfiguration.DestinationBucketName).toEqual({ Ref: expect.stringMatching(/^FoundationBucketsLogs/) });
      }
    }
    const policies = Object.values(template.findResources('AWS::S3::BucketPolicy'));
    expect(policies).toHaveLength(4);
    for (const policy of policies) {
      expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
  });

  it('moves objects to cheaper tiers by what each bucket holds', () => {
    const rules = (prefix: string) => {
      const [bucket] = Object.entries(foundation(env).findResources('AWS::S3::Bucket')).filter(([id]) =>
        id.startsWith(`FoundationBuckets${prefix}`),
      );
      return (
        bucket[1].Properties.LifecycleConfiguration.Rules as {
          Id: string;
          Transitions?: { StorageClass: string; TransitionInDays: number }[];
        }[]
      ).map((rule) => [rule.Id, rule.Transitions?.map((t) => `${t.StorageClass}@${t.TransitionInDays}`) ?? []]);
    };
    const noncurrent = ['noncurrent-versions', []];
    expect({ import: rules('Import'), training: rules('Training'), models: rules('Models'), logs: rules('Logs') }).toEqual({
      import: [['archive-staged-dicom', ['GLACIER@90']], noncurrent],
      training: [['tier-datasets', ['INTELLIGENT_TIERING@0']], noncurrent],
      models: [['tier-models', ['INTELLIGENT_TIERING@30']], noncurrent],
      logs: [['archive-logs', ['GLACIER@90']]],
    });
  });

  it('records every API call in a validated, KMS-encrypted, multi-region trail with S3 data events on the data buckets', () => {
    foundation(env).hasResourceProperties('AWS::CloudTrail::Trail', {
      TrailName: `triage-${env}`,
      EnableLogFileValidation: true,
      IsMultiRegionTrail: true,
      KMSKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^FoundationKey'), 'Arn'] },
      S3KeyPrefix: 'cloudtrail',
      CloudWatchLogsLogGroupArn: Match.anyValue(),
      EventSelectors: [
        Match.objectLike({
          IncludeManagementEvents: false,
          ReadWriteType: 'All',
          DataResources: [Match.objectLike({ Type: 'AWS::S3::Object' })],
        }),
      ],
    });
  });

  it('has the HealthImaging datastore encrypted with the key', () => {
    foundation(env).hasResource('AWS::HealthImaging::Datastore', {
      Properties: { DatastoreName: `triage-${env}`, KmsKeyArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^FoundationKey'), 'Arn'] } },
      DeletionPolicy: EXPECTED[env].deletionPolicy,
    });
  });

  it('has the three tables: on demand, PITR, KMS, TTL expiresAt, the catalog streaming NEW_IMAGE, keys and GSIs as AWS.md names them', () => {
    const template = foundation(env);
    const gsi = (name: string) => ({
      IndexName: name,
      KeySchema: [
        { AttributeName: `${name}pk`, KeyType: 'HASH' },
        { AttributeName: `${name}sk`, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    });
    const expected: Record<string, { stream?: string; gsis?: object[] }> = {
      catalog: { stream: 'NEW_IMAGE', gsis: [gsi('gsi1'), gsi('gsi2')] },
      mlops: {},
      metrics: { gsis: [gsi('gsi1')] },
    };
    template.resourceCountIs('AWS::DynamoDB::Table', 3);
    for (const [part, { stream, gsis }] of Object.entries(expected)) {
      template.hasResource('AWS::DynamoDB::Table', {
        Properties: {
          TableName: `triage-${env}-${part}`,
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'sk', KeyType: 'RANGE' },
          ],
          BillingMode: 'PAY_PER_REQUEST',
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          SSESpecification: {
            SSEEnabled: true,
            SSEType: 'KMS',
            KMSMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^FoundationKey'), 'Arn'] },
          },
          TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
          StreamSpecification: stream ? { StreamViewType: stream } : Match.absent(),
          GlobalSecondaryIndexes: gsis ?? Match.absent(),
          DeletionProtectionEnabled: EXPECTED[env].deletionPolicy === 'Retain',
        },
        DeletionPolicy: EXPECTED[env].deletionPolicy,
      });
    }
    template.hasResourceProperties('AWS::Backup::BackupVault', { BackupVaultName: `triage-${env}`, EncryptionKeyArn: Match.anyValue() });
    const [selection] = Object.values(template.findResources('AWS::Backup::BackupSelection'));
    expect(selection.Properties.BackupSelection.Resources).toHaveLength(3);
  });
});

describe.each(envs)('triage-%s-monitoring', (env) => {
  it('sends every alarm (and its recovery) to the KMS-encrypted topic', () => {
    const template = synthesised.template(env, 'monitoring');
    template.hasResourceProperties('AWS::SNS::Topic', { TopicName: `triage-${env}-alarms`, KmsMasterKeyId: Match.anyValue() });
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    const topicRef = { Ref: expect.stringMatching(/^MonitoringAlarmsTopic/) };
    for (const alarm of alarms) expect([alarm.Properties.AlarmActions, alarm.Properties.OKActions]).toEqual([[topicRef], [topicRef]]);
    const names = alarms.map((alarm) => alarm.Properties.AlarmName as string).sort();
    const stacks = synthesised.stacks[env];
    if (!stacks) throw new Error(`triage-${env} was not synthesised`);
    const expected = [
      ...Object.keys(stacks.events.functions).map((name) => `${name}-errors`),
      ...stacks.events.deadLetterQueues.map((_, index) => `dlq-${index + 1}-depth`),
      ...(stacks.api.loadBalancer ? ['alb-5xx', 'api-5xx'] : []),
      'pipeline-failed',
    ].map((name) => `triage-${env}-${name}`);
    expect(names).toEqual(expected.sort());
    expect(names).toEqual(
      expect.arrayContaining(
        ['pipeline-trigger', 'model-evaluation', 'model-registry', 'image-ingestion'].map((n) => `triage-${env}-${n}-errors`),
      ),
    );
  });

  it('has the dashboard with its named widgets', () => {
    const template = synthesised.template(env, 'monitoring');
    const [dashboard] = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
    expect(dashboard.Properties.DashboardName).toBe(`triage-${env}`);
    const body = JSON.stringify(dashboard.Properties.DashboardBody);
    for (const title of [
      'Ingest: image sets scored',
      'Frame latency (API target response time)',
      'API requests and errors',
      'Pipeline runs',
      'Model metrics',
      'Loop functions: errors',
      'Loop functions: duration p90',
      'Dead-letter queues',
    ]) {
      expect(body).toContain(`\\"title\\":\\"${title}\\"`);
    }
    for (const metric of [
      '\\"Triage\\",\\"ImageSetsScored\\"',
      'AWS/Sagemaker/ModelBuildingPipeline',
      'AWS/Lambda',
      'AWS/ApplicationELB',
      'AWS/SQS',
    ]) {
      expect(body).toContain(metric);
    }
  });
});
