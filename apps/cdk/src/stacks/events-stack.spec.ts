import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { workspaceRoot } from '@triage/test-support';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { OUTBOX_FILTER, TRIAGE_FUNCTION_NAMES, type TriageFunctionName } from '@triage/aws-constructs';
import { synthSeconds } from '../test-support/synth-report';
import { synthTriageApp, type SynthesisedTriageApp } from '../test-support/synth-triage-app';
import { BACKEND_VARIABLES } from '../test-support/backend-variables';

// dev's stacks, synthesised once with CloudFormation validation and both cdk-nag packs; this is the one spec file of mine
// whose events stack bundles its Lambdas with esbuild (the bundles' contents are asserted below).
let synthesised: SynthesisedTriageApp;
let template: Template;
beforeAll(() => {
  synthesised = synthTriageApp(['dev'], { bundle: ['dev'] });
  synthSeconds('dev, events bundled', synthesised.synthMs, synthesised.constructMs);
  template = synthesised.template('dev', 'events');
});

type Resources = Record<string, { Type: string; Properties: Record<string, unknown>; DependsOn?: string[] }>;
const resources = (type: string): Resources => template.findResources(type) as Resources;
const logicalIdOf = (type: string, test: (props: Record<string, unknown>) => boolean): string => {
  const found = Object.entries(resources(type)).filter(([, r]) => test(r.Properties));
  if (found.length !== 1) throw new Error(`${found.length} ${type} matched`);
  return found[0][0];
};
const functionId = (name: TriageFunctionName) => logicalIdOf('AWS::Lambda::Function', (p) => p['FunctionName'] === `triage-dev-${name}`);
const dlqIdOf = (name: TriageFunctionName) => {
  const fn = resources('AWS::Lambda::Function')[functionId(name)];
  return ((fn.Properties['DeadLetterConfig'] as { TargetArn: { 'Fn::GetAtt': string[] } }).TargetArn['Fn::GetAtt'] as string[])[0];
};
/** A reference to a foundation stack output (the app passes references as stack outputs, not exports). */
const foundationOutput = (name: RegExp) => ({
  'Fn::GetStackOutput': { OutputName: expect.stringMatching(name), Region: 'us-east-1', StackName: 'triage-dev-foundation' },
});
const busId = () => logicalIdOf('AWS::Events::EventBus', (p) => p['Name'] === 'triage-dev');
const keyId = () => logicalIdOf('AWS::KMS::Key', () => true);

/** Every rule: its bus (none: the default bus), pattern and the function it targets. */
const RULES: { name: string; customBus: boolean; target: TriageFunctionName; pattern?: unknown; schedule?: string }[] = [
  {
    name: 'triage-dev-image-verified',
    customBus: true,
    target: 'pipeline-trigger',
    pattern: { source: [{ prefix: 'triage.' }], 'detail-type': ['ImageVerified'] },
  },
  {
    name: 'triage-dev-model-promoted',
    customBus: true,
    target: 'image-ingestion',
    pattern: { source: [{ prefix: 'triage.' }], 'detail-type': ['ModelPromoted'] },
  },
  {
    name: 'triage-dev-image-set-created',
    customBus: false,
    target: 'image-ingestion',
    pattern: { source: ['aws.medical-imaging'], 'detail-type': ['Image Set Created'], detail: { datastoreId: [Match.anyValue()] } },
  },
  {
    name: 'triage-dev-model-package-state-change',
    customBus: false,
    target: 'model-registry',
    pattern: {
      source: ['aws.sagemaker'],
      'detail-type': ['SageMaker Model Package State Change'],
      detail: { ModelPackageGroupName: ['triage-dev-chest-xray'] },
    },
  },
  {
    name: 'triage-dev-pipeline-execution-finished',
    customBus: false,
    target: 'model-evaluation',
    pattern: {
      source: ['aws.sagemaker'],
      'detail-type': ['SageMaker Model Building Pipeline Execution Status Change'],
      detail: {
        pipelineArn: [
          {
            'Fn::Join': ['', ['arn:aws:sagemaker:us-east-1:', { Ref: 'AWS::AccountId' }, ':pipeline/triage-dev-pipeline']],
          },
        ],
        currentPipelineExecutionStatus: ['Succeeded', 'Failed', 'Stopped'],
      },
    },
  },
  { name: 'triage-dev-pipeline-trigger-schedule', customBus: false, target: 'pipeline-trigger', schedule: 'rate(1 hour)' },
];

describe('the events stack', () => {
  it('has the custom bus triage-dev, encrypted with its key, and an archive of every triage.* event for 90 days', () => {
    template.hasResourceProperties('AWS::Events::EventBus', { Name: 'triage-dev', KmsKeyIdentifier: { 'Fn::GetAtt': [keyId(), 'Arn'] } });
    template.hasResourceProperties('AWS::Events::Archive', {
      SourceArn: { 'Fn::GetAtt': [busId(), 'Arn'] },
      EventPattern: { source: [{ prefix: 'triage.' }] },
      RetentionDays: 90,
      KmsKeyIdentifier: { 'Fn::GetAtt': [keyId(), 'Arn'] },
    });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it.each(RULES.map((rule) => [rule.name, rule] as const))('routes %s to its function, retrying, then dead-lettering', (_name, rule) => {
    template.hasResourceProperties('AWS::Events::Rule', {
      Name: rule.name,
      State: 'ENABLED',
      EventBusName: rule.customBus ? { Ref: busId() } : Match.absent(),
      ...(rule.pattern ? { EventPattern: rule.pattern } : { ScheduleExpression: rule.schedule }),
      Targets: [
        {
          Arn: { 'Fn::GetAtt': [functionId(rule.target), 'Arn'] },
          Id: 'Target0',
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [dlqIdOf(rule.target), 'Arn'] } },
          RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 7200 },
        },
      ],
    });
  });

  it('filters HealthImaging events on the foundation datastore it was given', () => {
    const datastoreId = synthesised.stacks.dev!.foundation.resources.datastore.id;
    const rule = Object.values(resources('AWS::Events::Rule')).find((r) => r.Properties['Name'] === 'triage-dev-image-set-created')!;
    const resolved = synthesised.stacks.dev!.events.resolve(datastoreId) as unknown;
    expect((rule.Properties['EventPattern'] as { detail: { datastoreId: unknown[] } }).detail.datastoreId).toEqual([resolved]);
  });

  it('gives each function a KMS-encrypted, TLS-only DLQ kept 14 days, and one more for the pipe', () => {
    const queues = resources('AWS::SQS::Queue');
    expect(Object.values(queues).map((q) => [q.Properties['KmsMasterKeyId'], q.Properties['MessageRetentionPeriod']])).toEqual(
      Array.from({ length: 5 }, () => [{ 'Fn::GetAtt': [keyId(), 'Arn'] }, 1209600]),
    );
    for (const queueId of Object.keys(queues)) {
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: queueId }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    }
  });

  it('relays outbox inserts from the catalog stream to the bus with the item’s own source, detail-type, time and detail', () => {
    const pipes = Object.values(resources('AWS::Pipes::Pipe'));
    expect(pipes).toHaveLength(1);
    const pipe = pipes[0].Properties as Record<string, any>;
    expect(pipe['Name']).toBe('triage-dev-outbox');
    expect(pipe['Source']).toEqual(foundationOutput(/^PublishOutputFnGetAttFoundationDataCatalog.*StreamArn/));
    expect(pipe['Target']).toEqual({ 'Fn::GetAtt': [busId(), 'Arn'] });
    expect(JSON.parse(pipe['SourceParameters'].FilterCriteria.Filters[0].Pattern)).toEqual({
      eventName: ['INSERT'],
      dynamodb: { NewImage: { pk: { S: [{ prefix: 'OUTBOX#' }] } } },
    });
    expect(OUTBOX_FILTER).toEqual(JSON.parse(pipe['SourceParameters'].FilterCriteria.Filters[0].Pattern));
    expect(pipe['SourceParameters'].DynamoDBStreamParameters).toEqual({
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 10,
      MaximumRetryAttempts: 10,
      MaximumRecordAgeInSeconds: 86400,
      OnPartialBatchItemFailure: 'AUTOMATIC_BISECT',
      DeadLetterConfig: { Arn: { 'Fn::GetAtt': [expect.stringMatching(/^LoopOutboxDlq/), 'Arn'] } },
    });
    expect(pipe['TargetParameters']).toEqual({
      EventBridgeEventBusParameters: {
        DetailType: '$.dynamodb.NewImage.detailType.S',
        Source: '$.dynamodb.NewImage.source.S',
        Time: '$.dynamodb.NewImage.time.S',
      },
      InputTemplate: '<$.dynamodb.NewImage.detail.S>',
    });
    expect(pipe['LogConfiguration'].Level).toBe('ERROR');
  });

  it.each(TRIAGE_FUNCTION_NAMES.map((name) => [name]))('runs %s on Node.js 20, arm64, traced, in the private subnets', (name) => {
    const fn = resources('AWS::Lambda::Function')[functionId(name)].Properties as Record<string, any>;
    expect([fn['Runtime'], fn['Architectures'], fn['TracingConfig'], fn['Handler']]).toEqual([
      'nodejs20.x',
      ['arm64'],
      { Mode: 'Active' },
      'index.handler',
    ]);
    expect(fn['VpcConfig'].SubnetIds).toEqual([
      foundationOutput(/^PublishOutputRefFoundationNetworkVpcprivateSubnet1Subnet/),
      foundationOutput(/^PublishOutputRefFoundationNetworkVpcprivateSubnet2Subnet/),
    ]);
    expect(fn['ReservedConcurrentExecutions']).toBe(
      { 'pipeline-trigger': 1, 'model-evaluation': 2, 'model-registry': 2, 'image-ingestion': 10 }[name],
    );
    expect(Object.keys(fn['Environment'].Variables).sort()).toEqual(
      [...BACKEND_VARIABLES, 'POWERTOOLS_SERVICE_NAME', 'POWERTOOLS_METRICS_NAMESPACE', 'NODE_OPTIONS'].sort(),
    );
    expect(fn['Environment'].Variables).toMatchObject({
      TRIAGE_BACKEND: 'aws',
      TRIAGE_ENV: 'dev',
      TRIAGE_PIPELINE_NAME: 'triage-dev-pipeline',
      TRIAGE_MODEL_PACKAGE_GROUP: 'triage-dev-chest-xray',
      POWERTOOLS_SERVICE_NAME: name,
      POWERTOOLS_METRICS_NAMESPACE: 'Triage',
      TRIAGE_EVENT_BUS_NAME: { Ref: busId() },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: `/aws/lambda/triage-dev-${name}`,
      RetentionInDays: 30,
      KmsKeyId: { 'Fn::GetAtt': [keyId(), 'Arn'] },
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: functionId(name) },
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 21600,
    });
  });

  it('gives each function only what its code calls, with "*" only where AWS has no resource type', () => {
    const policies = resources('AWS::IAM::ManagedPolicy');
    const actionsOf = (name: TriageFunctionName) => {
      const roleId = (resources('AWS::Lambda::Function')[functionId(name)].Properties['Role'] as { 'Fn::GetAtt': string[] })[
        'Fn::GetAtt'
      ][0];
      const policy = Object.values(policies).find((p) => JSON.stringify(p.Properties['Roles']) === JSON.stringify([{ Ref: roleId }]))!;
      const statements = (policy.Properties['PolicyDocument'] as { Statement: { Action: string | string[]; Resource: unknown }[] })
        .Statement;
      const all = statements.flatMap((s) => [s.Action].flat());
      const onStar = statements.filter((s) => s.Resource === '*').flatMap((s) => [s.Action].flat());
      return { all: [...new Set(all)].sort(), onStar: [...new Set(onStar)].sort() };
    };
    const ENI = [
      'ec2:AssignPrivateIpAddresses',
      'ec2:CreateNetworkInterface',
      'ec2:DeleteNetworkInterface',
      'ec2:DescribeNetworkInterfaces',
      'ec2:UnassignPrivateIpAddresses',
    ];
    const XRAY = ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'];
    const onStar = Object.fromEntries(TRIAGE_FUNCTION_NAMES.map((name) => [name, actionsOf(name).onStar]));
    expect(onStar).toEqual({
      'pipeline-trigger': [...ENI, ...XRAY].sort(),
      'model-evaluation': [...ENI, 'sagemaker:ListModelPackages', ...XRAY].sort(),
      'model-registry': [...ENI, 'sagemaker:ListModelPackages', ...XRAY].sort(),
      'image-ingestion': [...ENI, 'sagemaker:ListModelPackages', ...XRAY].sort(),
    });
    const services = Object.fromEntries(
      TRIAGE_FUNCTION_NAMES.map((name) => [name, [...new Set(actionsOf(name).all.map((a) => a.split(':')[0]))].sort()]),
    );
    expect(services).toEqual({
      'pipeline-trigger': ['dynamodb', 'ec2', 'kms', 'logs', 'sagemaker', 'sqs', 'xray'],
      'model-evaluation': ['dynamodb', 'ec2', 'kms', 'logs', 's3', 'sagemaker', 'sqs', 'xray'],
      'model-registry': ['dynamodb', 'ec2', 'events', 'kms', 'logs', 'sagemaker', 'sqs', 'xray'],
      'image-ingestion': ['dynamodb', 'ec2', 'events', 'kms', 'logs', 'medical-imaging', 's3', 'sagemaker', 'sqs', 'xray'],
    });
    // The deployed definition is CloudFormation's: the trigger starts runs of it, never updates it (no UpdatePipeline, no PassRole).
    expect(actionsOf('pipeline-trigger').all.filter((a) => a.startsWith('sagemaker:') || a.startsWith('iam:'))).toEqual([
      'sagemaker:DescribePipeline',
      'sagemaker:DescribePipelineDefinitionForExecution',
      'sagemaker:DescribePipelineExecution',
      'sagemaker:ListPipelineExecutionSteps',
      'sagemaker:ListPipelineExecutions',
      'sagemaker:StartPipelineExecution',
      'sagemaker:StopPipelineExecution',
    ]);
    expect(actionsOf('image-ingestion').all.filter((a) => a.startsWith('medical-imaging:'))).toEqual([
      'medical-imaging:GetImageFrame',
      'medical-imaging:GetImageSet',
      'medical-imaging:GetImageSetMetadata',
    ]);
  });

  it('bundles each function with esbuild; image-ingestion with its scoring worker and tfjs-backend-wasm’s binaries', () => {
    const assetDir = (name: TriageFunctionName) => {
      const code = resources('AWS::Lambda::Function')[functionId(name)].Properties['Code'] as { S3Key: string };
      return path.join(synthesised.app.outdir, `asset.${code.S3Key.replace(/\.zip$/, '')}`);
    };
    const files = (dir: string): string[] =>
      fs
        .readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
        .sort();
    expect(files(assetDir('pipeline-trigger'))).toEqual(['index.js', 'index.js.map']);
    expect(files(assetDir('image-ingestion'))).toEqual([
      'index.js',
      'index.js.map',
      'node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm',
      'node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm',
      'node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm',
      'node_modules/@tensorflow/tfjs-backend-wasm/package.json',
      'scoring-worker.js',
      'scoring-worker.js.map',
    ]);
    const handler = fs.readFileSync(path.join(assetDir('model-registry'), 'index.js'), 'utf8');
    // The AWS SDK v3 comes from the runtime: none of it is in the bundle (esbuild marks each bundled file's path).
    expect(handler.includes('node_modules/@aws-sdk/')).toBe(false);
  });

  it('loads every bundle as a cold start does: the AWS SDK from the runtime, no native SQLite anywhere', () => {
    const assetDir = (name: TriageFunctionName) => {
      const code = resources('AWS::Lambda::Function')[functionId(name)].Properties['Code'] as { S3Key: string };
      return path.join(synthesised.app.outdir, `asset.${code.S3Key.replace(/\.zip$/, '')}`);
    };
    // The runtime has the SDK (here: the workspace's node_modules on NODE_PATH) and no better-sqlite3: resolving it throws.
    const probe = [
      "const Module = require('node:module');",
      'const resolve = Module._resolveFilename;',
      "Module._resolveFilename = function (request, ...rest) { if (request === 'better-sqlite3') throw new Error('better-sqlite3 required'); return resolve.call(this, request, ...rest); };",
      "const { handler } = require(process.argv[1] + '/index.js');",
      'process.stdout.write(typeof handler);',
    ].join('\n');
    const loaded = TRIAGE_FUNCTION_NAMES.map((name) => {
      const run = spawnSync(process.execPath, ['-e', probe, assetDir(name)], {
        env: { ...process.env, NODE_PATH: path.join(workspaceRoot(), 'node_modules') },
        encoding: 'utf8',
        timeout: 60_000,
      });
      return [name, run.status === 0 ? run.stdout : (run.stderr.split('\n').find((l) => l.includes('Error')) ?? `exit ${run.status}`)];
    });
    expect(loaded).toEqual(TRIAGE_FUNCTION_NAMES.map((name) => [name, 'function']));
  });
});
