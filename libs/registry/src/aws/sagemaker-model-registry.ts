import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { EventBus } from '@triage/events';
import {
  RegistryError,
  type Actor,
  type ModelApprovalStatus,
  type ModelPackage,
  type ModelPackageArn,
  type ModelPackageGroup,
  type ModelPackageGroupName,
  type ModelRegistry,
  type RegisterModelPackageInput,
  type RegistryHistoryEntry,
  type ServingPeriod,
} from '../model-registry';
import { modelPromoted } from '../local/events/registry-events';
import { checkActor, checkApprovalStatus, checkGroupName, checkRegisterInput } from '../local/rules/check-input';
import type { PromotionChange, PromotionState, PromotionStore } from './promotion-store';
import {
  checkCallerMetadata,
  createModelPackageInput,
  modelPackageFrom,
  modelPackageGroupFrom,
  updateApprovalInput,
} from './sagemaker-package-shapes';
import { isAlreadyExists, registryErrorFrom, versionOfPackageArn } from './sagemaker-registry-errors';
import { sagemakerSdk } from './sagemaker-sdk';
import { mapLimited } from '@triage/platform';

/** Options for {@link SageMakerModelRegistry}: clients and stores are given, never read from the environment. */
export interface SageMakerModelRegistryOptions {
  client: SageMakerClient;
  /** Promotion state and history (the mlops table on AWS; `InMemoryPromotionStore` in the specs). */
  promotions: PromotionStore;
  /** Where `ModelPromoted` goes after a promotion or rollback committed (the custom bus); none: not published. */
  events?: Pick<EventBus, 'publish'>;
  /** The clock for history lines (tests pin it). */
  now?: () => Date;
  /** Compare-and-set attempts before a change gives up with a ConflictException (default 20). */
  maxCommitAttempts?: number;
}

const STATUS_ACTION: Record<ModelApprovalStatus, RegistryHistoryEntry['action']> = {
  Approved: 'approved',
  Rejected: 'rejected',
  PendingManualApproval: 'pending',
};
// SageMaker's largest page; a listing follows NextToken to the end.
const PAGE = 100;
// DescribeModelPackage calls in flight at once while listing a group (SageMaker throttles bursts).
const DESCRIBE_CONCURRENCY = 4;

/**
 * The model registry on SageMaker's Model Registry: groups and versions (CreateModelPackageGroup,
 * CreateModelPackage, DescribeModelPackage, ListModelPackages, UpdateModelPackage) are SageMaker's,
 * and SageMaker emits their state changes itself. Promotion, rollback and the history of who did
 * what, which SageMaker lacks, go through the {@link PromotionStore} port: each is a compare-and-set
 * on the group's revision, read again and decided again when another commit came first, so exactly
 * one version is promoted per group and only an Approved one.
 *
 * An approval change marks itself in flight in the store before UpdateModelPackage and records its
 * history line after, so a promotion racing it sees the status that is coming. What SageMaker did
 * and the store recorded are two writes: a crash between them leaves SageMaker changed without its
 * history line (a registration, an approval) or a version marked in flight (refused promotion until
 * its next approval change); never a promoted version that is not Approved.
 */
export class SageMakerModelRegistry implements ModelRegistry {
  private readonly client: SageMakerClient;
  private readonly store: PromotionStore;
  private readonly now: () => Date;
  private readonly maxCommitAttempts: number;
  private closed = false;

  constructor(private readonly options: SageMakerModelRegistryOptions) {
    this.client = options.client;
    this.store = options.promotions;
    this.now = options.now ?? (() => new Date());
    this.maxCommitAttempts = options.maxCommitAttempts ?? 20;
  }

  async ensureModelPackageGroup(name: ModelPackageGroupName, description?: string): Promise<ModelPackageGroup> {
    this.checkOpen();
    checkGroupName(name);
    if (description !== undefined && (typeof description !== 'string' || description.length > 1024))
      throw new RegistryError('ValidationException', 'description must be a string of at most 1024 characters');
    try {
      await this.client.send(
        new (await sagemakerSdk()).CreateModelPackageGroupCommand({
          ModelPackageGroupName: name,
          ...(description !== undefined && { ModelPackageGroupDescription: description }),
        }),
      );
    } catch (error) {
      if (!isAlreadyExists(error)) throw registryErrorFrom(error);
    }
    return this.describeGroup(name);
  }

  async listModelPackageGroups(): Promise<ModelPackageGroup[]> {
    this.checkOpen();
    const groups: ModelPackageGroup[] = [];
    let token: string | undefined;
    do {
      const page = await this.call(async () =>
        this.client.send(
          new (await sagemakerSdk()).ListModelPackageGroupsCommand({
            SortBy: 'Name',
            SortOrder: 'Ascending',
            MaxResults: PAGE,
            NextToken: token,
          }),
        ),
      );
      for (const summary of page.ModelPackageGroupSummaryList ?? []) groups.push(modelPackageGroupFrom(summary));
      token = page.NextToken;
    } while (token);
    return groups.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async createModelPackage(input: RegisterModelPackageInput): Promise<ModelPackage> {
    this.checkOpen();
    checkRegisterInput(input);
    checkCallerMetadata(input.customerMetadata);
    await this.ensureModelPackageGroup(input.groupName);
    const created = await this.call(async () =>
      this.client.send(new (await sagemakerSdk()).CreateModelPackageCommand(createModelPackageInput(input))),
    );
    const pkg = await this.describe(created.ModelPackageArn as ModelPackageArn);
    await this.change(pkg.groupName, () => ({
      history: [{ version: pkg.version, arn: pkg.arn, action: 'registered', actor: copyActor(input.registeredBy), at: pkg.createdAt }],
    }));
    return pkg;
  }

  async describeModelPackage(arn: ModelPackageArn): Promise<ModelPackage> {
    this.checkOpen();
    versionOfPackageArn(arn);
    return this.describe(arn);
  }

  async listModelPackages(
    groupName: ModelPackageGroupName,
    filter: { approvalStatus?: ModelApprovalStatus } = {},
  ): Promise<ModelPackage[]> {
    this.checkOpen();
    checkGroupName(groupName);
    if (filter.approvalStatus !== undefined) checkApprovalStatus(filter.approvalStatus);
    // ListModelPackages answers an unknown group with an empty list; the port says ResourceNotFound.
    await this.describeGroup(groupName);
    const arns: ModelPackageArn[] = [];
    let token: string | undefined;
    do {
      const page = await this.call(async () =>
        this.client.send(
          new (await sagemakerSdk()).ListModelPackagesCommand({
            ModelPackageGroupName: groupName,
            ModelPackageType: 'Versioned',
            ...(filter.approvalStatus !== undefined && { ModelApprovalStatus: filter.approvalStatus }),
            SortBy: 'CreationTime',
            SortOrder: 'Descending',
            MaxResults: PAGE,
            NextToken: token,
          }),
        ),
      );
      for (const summary of page.ModelPackageSummaryList ?? []) arns.push(summary.ModelPackageArn as ModelPackageArn);
      token = page.NextToken;
    } while (token);
    // The summaries lack metrics, lineage and metadata: each version is described.
    const serving = (await this.store.read(groupName)).stack.at(-1);
    const packages = await mapLimited(arns, DESCRIBE_CONCURRENCY, (arn) => this.describe(arn, { serving }));
    // Versions, not creation times, order a group (two registrations may share a millisecond).
    return packages.sort((a, b) => b.version - a.version);
  }

  async updateApprovalStatus(arn: ModelPackageArn, status: ModelApprovalStatus, actor: Actor): Promise<ModelPackage> {
    this.checkOpen();
    const version = versionOfPackageArn(arn);
    checkApprovalStatus(status);
    checkActor(actor, true);
    const { groupName } = await this.describe(arn);
    await this.change(groupName, (state) => {
      if (status !== 'Approved' && state.stack.at(-1) === version)
        throw new RegistryError(
          'ConflictException',
          `${groupName} version ${version} is the promoted version: roll back (or promote another) before setting it ${status}`,
        );
      return { pendingApprovals: { [version]: status } };
    });
    try {
      await this.call(async () =>
        this.client.send(new (await sagemakerSdk()).UpdateModelPackageCommand(updateApprovalInput(arn, status, actor))),
      );
    } catch (error) {
      await this.change(groupName, () => ({ pendingApprovals: { [version]: null } }));
      throw error;
    }
    const at = this.now().toISOString();
    await this.change(groupName, () => ({
      pendingApprovals: { [version]: null },
      history: [{ version, arn, action: STATUS_ACTION[status], actor: copyActor(actor), at }],
    }));
    return this.describe(arn);
  }

  async promote(arn: ModelPackageArn, actor: Actor): Promise<ModelPackage> {
    this.checkOpen();
    const version = versionOfPackageArn(arn);
    checkActor(actor, true);
    const { groupName } = await this.describe(arn);
    let previous: number | undefined;
    const changed = await this.change(groupName, async (state) => {
      const pending = state.pendingApprovals[version];
      if (pending !== undefined && pending !== 'Approved')
        throw new RegistryError(
          'ConflictException',
          `${groupName} version ${version} is being set ${pending}: only an Approved version may be promoted`,
        );
      // Read after the state: an approval change that had cleared its mark had reached SageMaker by then.
      const pkg = await this.describe(arn);
      if (pkg.approvalStatus !== 'Approved')
        throw new RegistryError(
          'ConflictException',
          `${groupName} version ${version} is ${pkg.approvalStatus}: only an Approved version may be promoted`,
        );
      // Promoting what already serves is a retry, not a change: nothing is recorded.
      if (state.stack.at(-1) === version) return undefined;
      previous = state.stack.at(-1);
      const at = this.now().toISOString();
      const by = copyActor(actor);
      return {
        stack: [...state.stack, version],
        history: [
          ...(previous === undefined
            ? []
            : [{ version: previous, arn: this.arnOf(pkg.arn, previous), action: 'demoted' as const, actor: by, at }]),
          { version, arn: pkg.arn, action: 'promoted', actor: by, at },
        ],
        serving: { version, arn: pkg.arn, change: 'promoted', actor: by, at },
      };
    });
    const promoted = await this.describe(arn);
    if (changed) await this.publish(promoted, previous === undefined ? undefined : this.arnOf(arn, previous), 'promoted', actor);
    return promoted;
  }

  async rollback(groupName: ModelPackageGroupName, actor: Actor): Promise<ModelPackage> {
    this.checkOpen();
    checkGroupName(groupName);
    checkActor(actor, true);
    const group = await this.describeGroup(groupName);
    let restored!: ModelPackageArn;
    let current!: number;
    await this.change(groupName, async (state) => {
      current = state.stack.at(-1) as number;
      const previous = state.stack.at(-2);
      if (current === undefined || previous === undefined)
        throw new RegistryError(
          'ConflictException',
          current === undefined
            ? `no version of ${groupName} is promoted: there is nothing to roll back`
            : `${groupName} version ${current} is the first promoted version still in force: there is no earlier one to roll back to`,
        );
      restored = packageArnOf(group.arn, previous);
      const pending = state.pendingApprovals[previous];
      const status = pending ?? (await this.describe(restored)).approvalStatus;
      if (status !== 'Approved')
        throw new RegistryError(
          'ConflictException',
          `${groupName} version ${previous}, which served before version ${current}, is ${status} now: approve it first, or promote another version`,
        );
      const at = this.now().toISOString();
      const by = copyActor(actor);
      const taken = packageArnOf(group.arn, current);
      return {
        stack: state.stack.slice(0, -1),
        history: [
          { version: current, arn: taken, action: 'rolled-back', actor: by, at },
          { version: previous, arn: restored, action: 'promoted', actor: by, at },
        ],
        serving: { version: previous, arn: restored, change: 'rolled-back', actor: by, at },
      };
    });
    const pkg = await this.describe(restored);
    await this.publish(pkg, packageArnOf(group.arn, current), 'rolled-back', actor);
    return pkg;
  }

  async promoted(groupName: ModelPackageGroupName): Promise<ModelPackage | undefined> {
    this.checkOpen();
    checkGroupName(groupName);
    const group = await this.describeGroup(groupName);
    const serving = (await this.store.read(groupName)).stack.at(-1);
    return serving === undefined ? undefined : this.describe(packageArnOf(group.arn, serving), { serving });
  }

  async history(groupName: ModelPackageGroupName): Promise<RegistryHistoryEntry[]> {
    this.checkOpen();
    checkGroupName(groupName);
    await this.describeGroup(groupName);
    return (await this.store.history(groupName)).map((line) => ({ groupName, ...line }));
  }

  async servingHistory(groupName: ModelPackageGroupName): Promise<ServingPeriod[]> {
    this.checkOpen();
    checkGroupName(groupName);
    await this.describeGroup(groupName);
    const lines = await this.store.servingLog(groupName);
    return lines.map((line, i) => ({
      arn: line.arn,
      version: line.version,
      from: line.at,
      ...(i + 1 < lines.length && { until: lines[i + 1].at }),
      promotedBy: line.actor,
    }));
  }

  /** Marks it closed; the client and the store are the caller's. */
  async close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }

  /**
   * Reads the group's state, lets `decide` make the change (or refuse by throwing), and commits it
   * if nobody committed in between; otherwise reads and decides again. Resolves whether it wrote.
   */
  private async change(
    groupName: ModelPackageGroupName,
    decide: (state: PromotionState) => PromotionChange | undefined | Promise<PromotionChange | undefined>,
  ): Promise<boolean> {
    for (let attempt = 1; attempt <= this.maxCommitAttempts; attempt++) {
      const state = await this.store.read(groupName);
      const change = await decide(state);
      if (change === undefined) return false;
      if (await this.store.commit(groupName, state.revision, change)) return true;
    }
    throw new RegistryError(
      'ConflictException',
      `${groupName} changed ${this.maxCommitAttempts} times while this change was decided: try again`,
    );
  }

  /** DescribeModelPackage, with `promoted` from the store (or from `known`, the serving version already read). */
  private async describe(arn: ModelPackageArn, known?: { serving: number | undefined }): Promise<ModelPackage> {
    const described = await this.call(async () =>
      this.client.send(new (await sagemakerSdk()).DescribeModelPackageCommand({ ModelPackageName: arn })),
    );
    const groupName = described.ModelPackageGroupName ?? '';
    const top = known ? known.serving : (await this.store.read(groupName)).stack.at(-1);
    return modelPackageFrom(described, top === described.ModelPackageVersion);
  }

  private async describeGroup(name: ModelPackageGroupName): Promise<ModelPackageGroup> {
    const described = await this.call(async () =>
      this.client.send(new (await sagemakerSdk()).DescribeModelPackageGroupCommand({ ModelPackageGroupName: name })),
    );
    return modelPackageGroupFrom(described);
  }

  /** Another version's ARN of the same group as `arn`. */
  private arnOf(arn: ModelPackageArn, version: number): ModelPackageArn {
    return arn.replace(/\/\d+$/, `/${version}`);
  }

  private async publish(
    pkg: ModelPackage,
    previousArn: ModelPackageArn | undefined,
    change: 'promoted' | 'rolled-back',
    actor: Actor,
  ): Promise<void> {
    if (!this.options.events) return;
    const previous = previousArn === undefined ? undefined : ({ ...pkg, arn: previousArn } satisfies ModelPackage);
    await this.options.events.publish([modelPromoted(pkg, previous, change, actor)]);
  }

  /** A SageMaker call with its errors as RegistryErrors. */
  private async call<T>(send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      throw registryErrorFrom(error);
    }
  }

  private checkOpen(): void {
    if (this.closed) throw new Error('the model registry is closed');
  }
}

/** A version's ARN from its group's: SageMaker's `model-package-group/<g>` and `model-package/<g>/<v>` (the group lowercased in both). */
function packageArnOf(groupArn: string, version: number): ModelPackageArn {
  return `${groupArn.replace(':model-package-group/', ':model-package/')}/${version}`;
}

function copyActor(actor: Actor): Actor {
  return {
    principal: actor.principal,
    ...(actor.role !== undefined && { role: actor.role }),
    ...(actor.reason !== undefined && { reason: actor.reason }),
  };
}
