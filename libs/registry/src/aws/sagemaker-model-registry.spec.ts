// SageMaker has no local counterpart: aws-sdk-client-mock in front of a stateful fake
// (src/test-support/sagemaker-registry-fake.ts) records the exact requests the registry sends.
// The contract suite (sagemaker-model-registry.contract.spec.ts) checks the behaviour; this spec the
// shapes of one registration and one approval, the error mapping, the events and the store's races.
import {
  CreateModelPackageCommand,
  CreateModelPackageGroupCommand,
  DescribeModelPackageCommand,
  UpdateModelPackageCommand,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import type { TriageEventEntry } from '@triage/events';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { RegistryError, type Actor } from '../model-registry';
import { expectRegistryError, outcomeOf, registration } from '../test-support/registry-contract';
import { sageMakerRegistryFake, type SageMakerRegistryFake } from '../test-support/sagemaker-registry-fake';
import { InMemoryPromotionStore } from './in-memory-promotion-store';
import { SageMakerModelRegistry } from './sagemaker-model-registry';
import { registryErrorFrom } from './sagemaker-registry-errors';

const ADMIN: Actor = { principal: 'root', role: 'admin', reason: 'ship it' };
const NOW = new Date('2026-12-05T12:00:00.000Z');

let fake: SageMakerRegistryFake;
let published: TriageEventEntry[];
let registry: SageMakerModelRegistry;
let promotions: InMemoryPromotionStore;

beforeEach(() => {
  fake = sageMakerRegistryFake();
  published = [];
  promotions = new InMemoryPromotionStore();
  registry = new SageMakerModelRegistry({
    client: fake.client,
    promotions,
    now: () => NOW,
    events: {
      publish: async (entries) => {
        published.push(...entries);
        return entries.map((_, i) => ({ eventId: `evt-${published.length + i}` }));
      },
    },
  });
});
afterEach(() => fake.restore());

function inputsOf<C extends Parameters<AwsClientStub<SageMakerClient>['commandCalls']>[0]>(command: C): unknown[] {
  return fake.mock.commandCalls(command).map((call) => call.args[0].input);
}

describe('SageMakerModelRegistry requests', () => {
  it('registers: CreateModelPackageGroup, then CreateModelPackage with the image, model data, metrics and metadata', async () => {
    const pkg = await registry.createModelPackage(registration('chest', 'PendingManualApproval'));
    expect(pkg.arn).toBe('arn:aws:sagemaker:eu-west-1:123456789012:model-package/chest/1');
    expect(inputsOf(CreateModelPackageGroupCommand)).toEqual([{ ModelPackageGroupName: 'chest' }]);
    expect(inputsOf(CreateModelPackageCommand)).toEqual([
      {
        ModelPackageGroupName: 'chest',
        ModelPackageDescription: 'run 1',
        ModelApprovalStatus: 'PendingManualApproval',
        InferenceSpecification: {
          Containers: [{ Image: 'triage/inference:local', ModelDataUrl: 's3://triage-models/chest/run-1/model.tar.gz' }],
          SupportedContentTypes: ['application/dicom'],
          SupportedResponseMIMETypes: ['application/json'],
        },
        ModelMetrics: {
          ModelQuality: { Statistics: { ContentType: 'application/json', S3Uri: 's3://triage-models/chest/run-1/evaluation.json' } },
        },
        CustomerMetadataProperties: {
          finding: 'pneumonia',
          'triage:metric:accuracy': '{"value":0.9,"ci95":[0.85,0.94]}',
          'triage:metric:auc': '{"value":0.95}',
          'triage:reportUri': 's3://triage-models/chest/run-1/report.html',
          'triage:lineage:datasetSnapshotHash': `sha256:${'1'.padStart(64, '0')}`,
          'triage:lineage:pipelineExecutionArn': 'exec-1',
          'triage:lineage:codeVersion': 'abc123',
          'triage:registeredBy': 'pipeline:exec-1',
        },
      },
    ]);
    // A second registration finds the group there ("already exists") and goes on.
    expect((await registry.createModelPackage(registration('chest', 'Approved', 2))).version).toBe(2);
    expect(inputsOf(CreateModelPackageGroupCommand)).toHaveLength(2);
  });

  it('approves: one UpdateModelPackage with the reason as ApprovalDescription and the actor in metadata', async () => {
    const pkg = await registry.createModelPackage(registration('chest', 'PendingManualApproval'));
    const approved = await registry.updateApprovalStatus(pkg.arn, 'Approved', {
      principal: 'alice',
      role: 'clinician',
      reason: 'AUC holds',
    });
    await registry.updateApprovalStatus(pkg.arn, 'Rejected', { principal: 'bob', reason: 'bias found' });
    expect(inputsOf(UpdateModelPackageCommand)).toEqual([
      {
        ModelPackageArn: pkg.arn,
        ModelApprovalStatus: 'Approved',
        ApprovalDescription: 'AUC holds',
        CustomerMetadataProperties: { 'triage:approvedBy': 'alice', 'triage:approvedByRole': 'clinician' },
      },
      {
        ModelPackageArn: pkg.arn,
        ModelApprovalStatus: 'Rejected',
        ApprovalDescription: 'bias found',
        CustomerMetadataProperties: { 'triage:approvedBy': 'bob' },
        CustomerMetadataPropertiesToRemove: ['triage:approvedByRole'],
      },
    ]);
    expect({ status: approved.approvalStatus, description: approved.approvalDescription, by: approved.approvedBy }).toEqual({
      status: 'Approved',
      description: 'AUC holds',
      by: { principal: 'alice', role: 'clinician', reason: 'AUC holds' },
    });
    expect((await registry.describeModelPackage(pkg.arn)).approvedBy).toEqual({ principal: 'bob', reason: 'bias found' });
  });

  it('refuses a caller metadata key in the triage: namespace before anything is sent', async () => {
    const input = { ...registration('chest', 'Approved'), customerMetadata: { 'triage:registeredBy': 'mallory' } };
    await expectRegistryError(registry.createModelPackage(input), 'ValidationException', /triage: prefix/);
    expect(fake.mock.calls()).toHaveLength(0);
  });

  it('publishes ModelPromoted after a promotion and a rollback, never for a refused or repeated one', async () => {
    const v1 = await registry.createModelPackage(registration('chest', 'Approved', 1));
    const v2 = await registry.createModelPackage(registration('chest', 'Approved', 2));
    const v3 = await registry.createModelPackage(registration('chest', 'Rejected', 3));
    await registry.promote(v1.arn, ADMIN);
    await registry.promote(v2.arn, { principal: 'policy:model-registry', reason: 'auto' });
    await registry.promote(v2.arn, ADMIN);
    expect(await outcomeOf(registry.promote(v3.arn, ADMIN))).toBe('ConflictException');
    await registry.rollback('chest', ADMIN);
    expect(published.map((e) => [e['detail-type'], e.source, e.resources, e.detail])).toEqual([
      [
        'ModelPromoted',
        'triage.models',
        [v1.arn],
        {
          groupName: 'chest',
          modelPackageArn: v1.arn,
          version: 1,
          change: 'promoted',
          by: 'person',
          actor: { principal: 'root', role: 'admin' },
        },
      ],
      [
        'ModelPromoted',
        'triage.models',
        [v2.arn],
        {
          groupName: 'chest',
          modelPackageArn: v2.arn,
          version: 2,
          previousModelPackageArn: v1.arn,
          change: 'promoted',
          by: 'policy',
          actor: { principal: 'policy:model-registry' },
        },
      ],
      [
        'ModelPromoted',
        'triage.models',
        [v1.arn],
        {
          groupName: 'chest',
          modelPackageArn: v1.arn,
          version: 1,
          previousModelPackageArn: v2.arn,
          change: 'rolled-back',
          by: 'person',
          actor: { principal: 'root', role: 'admin' },
        },
      ],
    ]);
  });

  it('refuses to promote a version whose rejection is in flight, though SageMaker still says Approved', async () => {
    const v1 = await registry.createModelPackage(registration('chest', 'Approved'));
    // The rejection has marked itself in the store; its UpdateModelPackage has not reached SageMaker yet.
    const state = await promotions.read('chest');
    expect(await promotions.commit('chest', state.revision, { pendingApprovals: { 1: 'Rejected' } })).toBe(true);
    expect((await registry.describeModelPackage(v1.arn)).approvalStatus).toBe('Approved');
    await expectRegistryError(registry.promote(v1.arn, ADMIN), 'ConflictException', /being set Rejected/);
    expect(await registry.promoted('chest')).toBeUndefined();
  });

  it('clears its in-flight mark when SageMaker refuses the approval change', async () => {
    const v1 = await registry.createModelPackage(registration('chest', 'Approved'));
    fake.mock.on(UpdateModelPackageCommand).rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    await expect(registry.updateApprovalStatus(v1.arn, 'Rejected', { principal: 'bob', reason: 'bias' })).rejects.toThrow('Rate exceeded');
    expect((await promotions.read('chest')).pendingApprovals).toEqual({});
    expect((await registry.promote(v1.arn, ADMIN)).promoted).toBe(true);
    expect((await registry.history('chest')).map((h) => h.action)).toEqual(['registered', 'promoted']);
  });

  it('answers a version SageMaker does not have as ResourceNotFound (SageMaker says ValidationException)', async () => {
    await registry.createModelPackage(registration('chest', 'Approved'));
    const missing = 'arn:aws:sagemaker:eu-west-1:123456789012:model-package/chest/7';
    await expectRegistryError(registry.describeModelPackage(missing), 'ResourceNotFound', 'does not exist');
    expect(inputsOf(DescribeModelPackageCommand).at(-1)).toEqual({ ModelPackageName: missing });
  });
});

describe('registryErrorFrom', () => {
  const named = (name: string, message: string) => Object.assign(new Error(message), { name });
  it.each([
    { name: 'ValidationException', message: 'ModelPackage arn:x does not exist.', code: 'ResourceNotFound' },
    { name: 'ValidationException', message: 'ModelPackageGroup chest does not exist.', code: 'ResourceNotFound' },
    { name: 'ResourceNotFound', message: 'Pipeline not found', code: 'ResourceNotFound' },
    { name: 'ValidationException', message: "Value 'Maybe' at 'modelApprovalStatus' failed", code: 'ValidationException' },
    { name: 'ConflictException', message: 'in use', code: 'ConflictException' },
    { name: 'ThrottlingException', message: 'Rate exceeded', code: 'rethrown' },
    { name: 'AccessDeniedException', message: 'not authorized', code: 'rethrown' },
  ])('$name "$message" → $code', ({ name, message, code }) => {
    const mapped = registryErrorFrom(named(name, message));
    expect(mapped instanceof RegistryError ? { code: mapped.code, message: mapped.message } : { rethrown: (mapped as Error).name }).toEqual(
      code === 'rethrown' ? { rethrown: name } : { code, message },
    );
  });
});
