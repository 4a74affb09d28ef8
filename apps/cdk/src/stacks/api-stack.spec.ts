import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Construct } from 'constructs';
import {
  addNagPacks,
  CERTIFICATE_CONTEXT,
  MANAGED_RULE_GROUPS,
  recordedAcknowledgements,
  type RecordedAcknowledgement,
} from '@triage/aws-constructs';
import { cdkJsonContext } from '../cdk-context';
import { resolveEnvironment } from '../environments';
import { readableFindings } from '../test-support/synth-triage-app';
import { synthSeconds } from '../test-support/synth-report';
import { ApiStack } from './api-stack';
import { FoundationStack } from './foundation-stack';
import { BACKEND_VARIABLES } from '../test-support/backend-variables';

const CERTIFICATE = 'arn:aws:acm:us-east-1:111122223333:certificate/00000000-0000-0000-0000-000000000000';

// One synthesis (CloudFormation validation and both cdk-nag packs) of dev's foundation and two API stacks over it: as
// deployed without a certificate (HTTP, dev only) and with one in context (HTTPS, as staging and prod are).
let http: Template;
let https: Template;
let acknowledgements: RecordedAcknowledgement[];
beforeAll(() => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-api-'));
  const app = new App({ outdir, context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] } });
  const environment = resolveEnvironment('dev');
  const env = { account: environment.account, region: environment.region };
  const foundation = new FoundationStack(app, 'triage-dev-foundation', { env, stackName: 'triage-dev-foundation', environment }).resources;
  const plain = new ApiStack(app, 'triage-dev-api', { env, stackName: 'triage-dev-api', environment, foundation });
  const withCertificate = new Construct(app, 'WithCertificate');
  withCertificate.node.setContext(CERTIFICATE_CONTEXT, CERTIFICATE);
  const secure = new ApiStack(withCertificate, 'triage-dev-api-https', { env, stackName: 'triage-dev-api-https', environment, foundation });
  addNagPacks(app);
  const started = performance.now();
  try {
    app.synth();
  } catch (error) {
    throw new Error(`unacknowledged findings:\n${readableFindings(outdir)}`, { cause: error });
  }
  synthSeconds('dev foundation and two API stacks', performance.now() - started);
  http = Template.fromStack(plain);
  https = Template.fromStack(secure);
  acknowledgements = recordedAcknowledgements(app).filter((ack) => ack.path.startsWith('triage-dev-api/'));
});

type Resources = Record<string, { Type: string; Properties: Record<string, any> }>;
const only = (template: Template, type: string) => {
  const found = Object.entries(template.findResources(type) as Resources);
  if (found.length !== 1) throw new Error(`${found.length} ${type}`);
  return { id: found[0][0], props: found[0][1].Properties };
};

describe('the API stack', () => {
  it('runs the API image at the environment’s tag on Fargate in the private subnets, with container insights', () => {
    http.hasResourceProperties('AWS::ECS::Cluster', {
      ClusterName: 'triage-dev-api',
      ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }],
    });
    const service = only(http, 'AWS::ECS::Service').props;
    expect([service['LaunchType'], service['DesiredCount'], service['NetworkConfiguration'].AwsvpcConfiguration.AssignPublicIp]).toEqual([
      'FARGATE',
      1,
      'DISABLED',
    ]);
    const output = (name: RegExp) => ({
      'Fn::GetStackOutput': { OutputName: expect.stringMatching(name), Region: 'us-east-1', StackName: 'triage-dev-foundation' },
    });
    expect(service['NetworkConfiguration'].AwsvpcConfiguration.Subnets).toEqual([
      output(/^PublishOutputRefFoundationNetworkVpcprivateSubnet1Subnet/),
      output(/^PublishOutputRefFoundationNetworkVpcprivateSubnet2Subnet/),
    ]);
    // One writer of the data folder: a deployment stops the task before it starts the next.
    expect(service['DeploymentConfiguration']).toEqual({
      DeploymentCircuitBreaker: { Enable: true, Rollback: true },
      MaximumPercent: 100,
      MinimumHealthyPercent: 0,
    });
    const task = only(http, 'AWS::ECS::TaskDefinition').props;
    expect([task['Cpu'], task['Memory'], task['NetworkMode'], task['RequiresCompatibilities']]).toEqual([
      '512',
      '1024',
      'awsvpc',
      ['FARGATE'],
    ]);
    const container = task['ContainerDefinitions'][0];
    expect(container['Image']).toEqual({
      'Fn::Join': ['', [{ Ref: 'AWS::AccountId' }, '.dkr.ecr.us-east-1.', { Ref: 'AWS::URLSuffix' }, '/triage-dev-api:latest']],
    });
    expect(container['PortMappings']).toEqual([{ ContainerPort: 8080, Protocol: 'tcp' }]);
    expect(container['HealthCheck'].Command.join(' ')).toContain("fetch('http://127.0.0.1:8080/healthz')");
    const variables = Object.fromEntries((container['Environment'] as { Name: string; Value: unknown }[]).map((e) => [e.Name, e.Value]));
    expect(Object.keys(variables).sort()).toEqual(
      [...BACKEND_VARIABLES, 'TRIAGE_PORT', 'POWERTOOLS_SERVICE_NAME', 'POWERTOOLS_METRICS_NAMESPACE'].sort(),
    );
    expect(variables).toMatchObject({
      TRIAGE_BACKEND: 'aws',
      TRIAGE_ENV: 'dev',
      TRIAGE_EVENT_BUS_NAME: 'triage-dev',
      TRIAGE_PIPELINE_NAME: 'triage-dev-pipeline',
      TRIAGE_PIPELINE_ROLE_ARN: { 'Fn::Join': ['', ['arn:aws:iam::', { Ref: 'AWS::AccountId' }, ':role/triage-dev-sagemaker-execution']] },
      TRIAGE_MODEL_PACKAGE_GROUP: 'triage-dev-chest-xray',
      TRIAGE_PORT: '8080',
    });
  });

  it('puts an internet-facing ALB in front: invalid headers dropped, access logs to the logs bucket, /healthz checked', () => {
    const alb = only(http, 'AWS::ElasticLoadBalancingV2::LoadBalancer').props;
    expect([alb['Scheme'], alb['Type']]).toEqual(['internet-facing', 'application']);
    const attributes = Object.fromEntries((alb['LoadBalancerAttributes'] as { Key: string; Value: string }[]).map((a) => [a.Key, a.Value]));
    expect(attributes).toMatchObject({
      'routing.http.drop_invalid_header_fields.enabled': 'true',
      'idle_timeout.timeout_seconds': '300',
      'access_logs.s3.enabled': 'true',
      'access_logs.s3.prefix': 'alb/triage-dev-api',
      'deletion_protection.enabled': 'false',
    });
    http.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      Port: 8080,
      Protocol: 'HTTP',
      TargetType: 'ip',
      HealthCheckPath: '/healthz',
      Matcher: { HttpCode: '200' },
    });
  });

  it('without a certificate listens on HTTP 80 only, acknowledged as dev only', () => {
    expect(
      Object.values(http.findResources('AWS::ElasticLoadBalancingV2::Listener') as Resources).map((l) => [
        l.Properties['Port'],
        l.Properties['Protocol'],
      ]),
    ).toEqual([[80, 'HTTP']]);
    expect(
      acknowledgements
        .filter((ack) => ack.path.endsWith('/LoadBalancer/Http'))
        .map((ack) => ack.id)
        .sort(),
    ).toEqual(
      [
        'HIPAA.Security-ALBHttpToHttpsRedirection',
        'HIPAA.Security-ELBTlsHttpsListenersOnly',
        'HIPAA.Security-ELBv2ACMCertificateRequired',
      ].sort(),
    );
  });

  it('with a certificate listens on HTTPS 443 (TLS 1.2+ policy) and redirects 80 to it', () => {
    const listeners = Object.values(https.findResources('AWS::ElasticLoadBalancingV2::Listener') as Resources).map((l) => l.Properties);
    expect(listeners.map((l) => [l['Port'], l['Protocol']])).toEqual([
      [443, 'HTTPS'],
      [80, 'HTTP'],
    ]);
    expect(listeners[0]['Certificates']).toEqual([{ CertificateArn: CERTIFICATE }]);
    expect(listeners[0]['SslPolicy']).toBe('ELBSecurityPolicy-TLS13-1-2-2021-06');
    expect(listeners[1]['DefaultActions']).toEqual([
      { Type: 'redirect', RedirectConfig: { Port: '443', Protocol: 'HTTPS', StatusCode: 'HTTP_301' } },
    ]);
  });

  it('guards the ALB with a regional WAF: rate limit, then AWS managed rule groups; logs without credentials', () => {
    const acl = only(http, 'AWS::WAFv2::WebACL').props;
    expect([acl['Scope'], acl['DefaultAction']]).toEqual(['REGIONAL', { Allow: {} }]);
    expect((acl['Rules'] as { Name: string; Priority: number }[]).map((r) => [r.Priority, r.Name])).toEqual([
      [0, 'RateLimitPerAddress'],
      ...MANAGED_RULE_GROUPS.map((name, i) => [i + 1, name]),
    ]);
    expect(acl['Rules'][0].Statement).toEqual({ RateBasedStatement: { Limit: 20000, AggregateKeyType: 'IP' } });
    expect(acl['Rules'][2].Statement.ManagedRuleGroupStatement.RuleActionOverrides).toEqual([
      { Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } },
    ]);
    const albId = only(http, 'AWS::ElasticLoadBalancingV2::LoadBalancer').id;
    http.hasResourceProperties('AWS::WAFv2::WebACLAssociation', { ResourceArn: { Ref: albId }, WebACLArn: Match.anyValue() });
    http.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      RedactedFields: [{ SingleHeader: { Name: 'authorization' } }, { SingleHeader: { Name: 'cookie' } }],
    });
  });

  it('gives the task role the platform’s grants, with "*" only where AWS has no resource type', () => {
    const roles = http.findResources('AWS::IAM::Role') as Resources;
    const taskRoleId = Object.keys(roles).find((id) => id.startsWith('ApiTaskRole'))!;
    const policy = Object.values(http.findResources('AWS::IAM::ManagedPolicy') as Resources).find(
      (p) => JSON.stringify(p.Properties['Roles']) === JSON.stringify([{ Ref: taskRoleId }]),
    )!;
    const statements = policy.Properties['PolicyDocument'].Statement as { Action: string | string[]; Resource: unknown }[];
    expect(statements.filter((s) => s.Resource === '*').map((s) => s.Action)).toEqual(['sagemaker:ListModelPackages']);
    // No iam: the API starts runs of the deployed pipeline, never rewrites it (no UpdatePipeline, no PassRole).
    expect([...new Set(statements.flatMap((s) => [s.Action].flat()).map((a) => a.split(':')[0]))].sort()).toEqual([
      'dynamodb',
      'elasticfilesystem',
      'events',
      'kms',
      'logs',
      'medical-imaging',
      's3',
      'sagemaker',
    ]);
  });

  it('keeps the API’s own state on EFS: encrypted with the key, TLS and IAM mount through one access point, backed up, one task', () => {
    const fileSystem = only(http, 'AWS::EFS::FileSystem').props;
    // EFS's own automatic backups stay off (no policy): the plan below backs the folder up into our vault.
    expect([
      fileSystem['Encrypted'],
      fileSystem['KmsKeyId'] !== undefined,
      fileSystem['ThroughputMode'],
      fileSystem['BackupPolicy'],
    ]).toEqual([true, true, 'elastic', undefined]);
    const accessPoint = only(http, 'AWS::EFS::AccessPoint').props;
    expect([accessPoint['PosixUser'], accessPoint['RootDirectory']]).toEqual([
      { Uid: '1000', Gid: '1000' },
      { CreationInfo: { OwnerUid: '1000', OwnerGid: '1000', Permissions: '700' }, Path: '/triage' },
    ]);
    const task = only(http, 'AWS::ECS::TaskDefinition').props;
    expect(task['Volumes'][0].EFSVolumeConfiguration).toMatchObject({
      TransitEncryption: 'ENABLED',
      AuthorizationConfig: { IAM: 'ENABLED' },
    });
    expect(task['ContainerDefinitions'][0]['MountPoints']).toEqual([
      { ContainerPath: '/var/lib/triage', ReadOnly: false, SourceVolume: 'data' },
    ]);
    http.hasResourceProperties('AWS::Backup::BackupPlan', { BackupPlan: { BackupPlanName: 'triage-dev-api-data' } });
    http.resourceCountIs('AWS::Backup::BackupSelection', 1);
  });
});
