import {
  CreateModelPackageCommand,
  CreateModelPackageGroupCommand,
  DescribeModelPackageCommand,
  DescribeModelPackageGroupCommand,
  ListModelPackageGroupsCommand,
  ListModelPackagesCommand,
  SageMakerClient,
  UpdateModelPackageCommand,
  type CreateModelPackageCommandInput,
  type DescribeModelPackageCommandOutput,
  type ModelApprovalStatus,
  type UpdateModelPackageCommandInput,
} from '@aws-sdk/client-sagemaker';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';

/** The region and account of the fake's ARNs. */
export const FAKE_REGION = 'eu-west-1';
export const FAKE_ACCOUNT = '123456789012';
const START = Date.parse('2026-12-05T09:00:00.000Z');

/** A fake SageMaker Model Registry behind aws-sdk-client-mock; `mock` records every command sent. */
export interface SageMakerRegistryFake {
  client: SageMakerClient;
  mock: AwsClientStub<SageMakerClient>;
  restore(): void;
}

interface FakeGroup {
  ModelPackageGroupName: string;
  ModelPackageGroupArn: string;
  ModelPackageGroupDescription?: string;
  CreationTime: Date;
  packages: DescribeModelPackageCommandOutput[];
}

function exception(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: 400 } });
}

const GROUP_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;
const STATUSES: readonly string[] = ['Approved', 'Rejected', 'PendingManualApproval'];

/**
 * SageMaker's model registry calls as SageMaker answers them, with state: groups and versioned
 * packages (versions numbered per group from 1; ARNs `arn:aws:sagemaker:<region>:<account>:
 * model-package-group/<group>` and `model-package/<group>/<version>`, the group lowercased as SageMaker
 * does); a missing group or package is a ValidationException that says "does not exist", an existing
 * group "already exists"; CustomerMetadataProperties at most 50, keys 1-128 and values at most 256
 * characters; a clock that ticks a second per write; pages of at most `pageSize` (default 2, so listings
 * follow NextToken) or MaxResults when smaller.
 */
export function sageMakerRegistryFake(options: { pageSize?: number } = {}): SageMakerRegistryFake {
  const mock = mockClient(SageMakerClient);
  const client = new SageMakerClient({ region: FAKE_REGION, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  const groups = new Map<string, FakeGroup>();
  let ticks = 0;
  const tick = () => new Date(START + 1000 * ++ticks);
  const pageSize = options.pageSize ?? 2;
  const arnPrefix = `arn:aws:sagemaker:${FAKE_REGION}:${FAKE_ACCOUNT}:`;

  const group = (name: string | undefined): FakeGroup => {
    const found = name === undefined ? undefined : groups.get(name.toLowerCase());
    if (!found) throw exception('ValidationException', `ModelPackageGroup ${name} does not exist.`);
    return found;
  };
  const pkg = (arn: string | undefined): DescribeModelPackageCommandOutput => {
    const match = /:model-package\/([^/]+)\/(\d+)$/.exec(arn ?? '');
    const found = match ? groups.get(match[1])?.packages[Number(match[2]) - 1] : undefined;
    if (!found) throw exception('ValidationException', `ModelPackage ${arn} does not exist.`);
    return found;
  };
  const page = <T>(items: T[], maxResults: number | undefined, token: string | undefined) => {
    const start = token ? Number(Buffer.from(token, 'base64').toString()) : 0;
    const end = start + Math.min(pageSize, maxResults ?? 100);
    return { items: items.slice(start, end), NextToken: end < items.length ? Buffer.from(String(end)).toString('base64') : undefined };
  };
  const checkMetadata = (metadata: Record<string, string> | undefined) => {
    const entries = Object.entries(metadata ?? {});
    if (entries.length > 50) throw exception('ValidationException', 'CustomerMetadataProperties: at most 50 entries');
    for (const [key, value] of entries)
      if (key.length < 1 || key.length > 128 || value.length > 256)
        throw exception('ValidationException', `CustomerMetadataProperties ${key}: keys 1-128 characters, values at most 256`);
  };

  mock.on(CreateModelPackageGroupCommand).callsFake((input: { ModelPackageGroupName?: string; ModelPackageGroupDescription?: string }) => {
    const name = input.ModelPackageGroupName ?? '';
    if (!GROUP_NAME.test(name))
      throw exception(
        'ValidationException',
        `1 validation error detected: Value '${name}' at 'modelPackageGroupName' failed to satisfy constraint`,
      );
    const existing = groups.get(name.toLowerCase());
    if (existing) throw exception('ValidationException', `Model Package Group already exists: ${existing.ModelPackageGroupArn}`);
    const created: FakeGroup = {
      ModelPackageGroupName: name,
      ModelPackageGroupArn: `${arnPrefix}model-package-group/${name.toLowerCase()}`,
      ...(input.ModelPackageGroupDescription !== undefined && { ModelPackageGroupDescription: input.ModelPackageGroupDescription }),
      CreationTime: tick(),
      packages: [],
    };
    groups.set(name.toLowerCase(), created);
    return { ModelPackageGroupArn: created.ModelPackageGroupArn };
  });

  mock.on(DescribeModelPackageGroupCommand).callsFake((input: { ModelPackageGroupName?: string }) => {
    const { packages: _packages, ...described } = group(input.ModelPackageGroupName);
    return { ...described, ModelPackageGroupStatus: 'Completed', CreatedBy: {} };
  });

  mock.on(ListModelPackageGroupsCommand).callsFake((input: { MaxResults?: number; NextToken?: string; SortOrder?: string }) => {
    const all = [...groups.values()]
      .sort((a, b) => (a.ModelPackageGroupName < b.ModelPackageGroupName ? -1 : 1))
      .map(({ packages: _packages, ...summary }) => ({ ...summary, ModelPackageGroupStatus: 'Completed' }));
    if (input.SortOrder === 'Descending') all.reverse();
    const { items, NextToken } = page(all, input.MaxResults, input.NextToken);
    return { ModelPackageGroupSummaryList: items, NextToken };
  });

  mock.on(CreateModelPackageCommand).callsFake((input: CreateModelPackageCommandInput) => {
    const owner = group(input.ModelPackageGroupName);
    if (input.ModelApprovalStatus !== undefined && !STATUSES.includes(input.ModelApprovalStatus))
      throw exception('ValidationException', `Value '${input.ModelApprovalStatus}' at 'modelApprovalStatus' failed to satisfy constraint`);
    const container = input.InferenceSpecification?.Containers?.[0];
    if (!container?.Image) throw exception('ValidationException', 'InferenceSpecification.Containers.1.member.image must not be empty');
    if (!input.InferenceSpecification?.SupportedContentTypes || !input.InferenceSpecification.SupportedResponseMIMETypes)
      throw exception('ValidationException', 'InferenceSpecification needs SupportedContentTypes and SupportedResponseMIMETypes');
    checkMetadata(input.CustomerMetadataProperties);
    const version = owner.packages.length + 1;
    const at = tick();
    const created: DescribeModelPackageCommandOutput = {
      $metadata: {},
      ModelPackageName: owner.ModelPackageGroupName,
      ModelPackageGroupName: owner.ModelPackageGroupName,
      ModelPackageVersion: version,
      ModelPackageArn: `${arnPrefix}model-package/${owner.ModelPackageGroupName.toLowerCase()}/${version}`,
      ...(input.ModelPackageDescription !== undefined && { ModelPackageDescription: input.ModelPackageDescription }),
      CreationTime: at,
      LastModifiedTime: at,
      InferenceSpecification: structuredClone(input.InferenceSpecification),
      ...(input.ModelMetrics && { ModelMetrics: structuredClone(input.ModelMetrics) }),
      ModelPackageStatus: 'Completed',
      ModelPackageStatusDetails: { ValidationStatuses: [], ImageScanStatuses: [] },
      ModelApprovalStatus: (input.ModelApprovalStatus ?? 'PendingManualApproval') as ModelApprovalStatus,
      CustomerMetadataProperties: { ...input.CustomerMetadataProperties },
      CreatedBy: {},
    };
    owner.packages.push(created);
    return { ModelPackageArn: created.ModelPackageArn };
  });

  mock.on(DescribeModelPackageCommand).callsFake((input: { ModelPackageName?: string }) => structuredClone(pkg(input.ModelPackageName)));

  mock
    .on(ListModelPackagesCommand)
    .callsFake(
      (input: {
        ModelPackageGroupName?: string;
        ModelApprovalStatus?: string;
        SortOrder?: string;
        MaxResults?: number;
        NextToken?: string;
      }) => {
        // SageMaker lists nothing (no error) for a group that does not exist.
        const owner = input.ModelPackageGroupName ? groups.get(input.ModelPackageGroupName.toLowerCase()) : undefined;
        const all = (owner?.packages ?? [])
          .filter((p) => input.ModelApprovalStatus === undefined || p.ModelApprovalStatus === input.ModelApprovalStatus)
          .map((p) => ({
            ModelPackageName: p.ModelPackageName,
            ModelPackageGroupName: p.ModelPackageGroupName,
            ModelPackageVersion: p.ModelPackageVersion,
            ModelPackageArn: p.ModelPackageArn,
            ModelPackageDescription: p.ModelPackageDescription,
            CreationTime: p.CreationTime,
            ModelPackageStatus: p.ModelPackageStatus,
            ModelApprovalStatus: p.ModelApprovalStatus,
          }));
        if (input.SortOrder === 'Descending') all.reverse();
        const { items, NextToken } = page(all, input.MaxResults, input.NextToken);
        return { ModelPackageSummaryList: items, NextToken };
      },
    );

  mock.on(UpdateModelPackageCommand).callsFake((input: UpdateModelPackageCommandInput) => {
    const found = pkg(input.ModelPackageArn);
    if (input.ModelApprovalStatus !== undefined && !STATUSES.includes(input.ModelApprovalStatus))
      throw exception('ValidationException', `Value '${input.ModelApprovalStatus}' at 'modelApprovalStatus' failed to satisfy constraint`);
    const metadata = { ...found.CustomerMetadataProperties, ...input.CustomerMetadataProperties };
    for (const key of input.CustomerMetadataPropertiesToRemove ?? []) delete metadata[key];
    checkMetadata(metadata);
    if (input.ModelApprovalStatus !== undefined) found.ModelApprovalStatus = input.ModelApprovalStatus;
    if (input.ApprovalDescription !== undefined) found.ApprovalDescription = input.ApprovalDescription;
    found.CustomerMetadataProperties = metadata;
    found.LastModifiedTime = tick();
    return { ModelPackageArn: found.ModelPackageArn };
  });

  return { client, mock, restore: () => mock.restore() };
}
