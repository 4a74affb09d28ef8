import * as path from 'node:path';
import type { TransactionalOutbox, TriageEventEntry } from '@triage/events';
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
import { modelPromoted, packageStateChange } from './events/registry-events';
import { checkActor, checkApprovalStatus, checkGroupName, checkRegisterInput } from './rules/check-input';
import { localGroupArn, localPackageArn, parseLocalPackageArn } from './rules/local-arn';
import { appendHistory, readHistory } from './storage/history-rows';
import { openRegistryDb, type RegistryDb } from './storage/open-registry-db';
import {
  getGroup,
  getPackage,
  insertGroup,
  insertPackage,
  listGroups,
  listPackages,
  nextVersion,
  updateApproval,
} from './storage/package-rows';
import { servingPeriods, servingStack, servingVersion, startServing } from './storage/serving-log';

/** Options for {@link LocalModelRegistry.open}. */
export interface LocalModelRegistryOptions {
  /** The SQLite file (created with its folder when new); see {@link registryFile}. */
  file: string;
  /** The clock (tests pin it). */
  now?: () => Date;
  /**
   * Where the registry's events go, in the same transaction as the change (the local bus): a version created or its
   * approval changed is a `SageMaker Model Package State Change`, a promotion or rollback a `ModelPromoted`.
   */
  outbox?: TransactionalOutbox;
}

/** Where the registry lives in a data directory: `<data>/registry/registry.sqlite`. */
export function registryFile(dataDir: string): string {
  return path.join(dataDir, 'registry', 'registry.sqlite');
}

const STATUS_ACTION: Record<ModelApprovalStatus, RegistryHistoryEntry['action']> = {
  Approved: 'approved',
  Rejected: 'rejected',
  PendingManualApproval: 'pending',
};

/** Appends events inside a change's transaction. */
type Emit = (entries: readonly TriageEventEntry[]) => void;

/**
 * The model registry on one machine: SQLite (WAL, synchronous=FULL). Every change is one
 * immediate transaction, so two processes promoting at once are serialised and leave one
 * version serving; the history and the serving log are append-only (triggers refuse the rest).
 * With an outbox, a change's events commit with it or not at all: a refused change emits nothing.
 */
export class LocalModelRegistry implements ModelRegistry {
  private closed = false;

  private constructor(
    private readonly db: RegistryDb,
    private readonly now: () => Date,
    private readonly outbox: TransactionalOutbox | undefined,
  ) {}

  /** Opens (creating when new) the registry in `file`, attached to the outbox when one is given. */
  static async open(options: LocalModelRegistryOptions): Promise<LocalModelRegistry> {
    const db = openRegistryDb(options.file);
    try {
      options.outbox?.attach(db);
    } catch (error) {
      db.close();
      throw error;
    }
    return new LocalModelRegistry(db, options.now ?? (() => new Date()), options.outbox);
  }

  async ensureModelPackageGroup(name: ModelPackageGroupName, description?: string): Promise<ModelPackageGroup> {
    this.checkOpen();
    checkGroupName(name);
    if (description !== undefined && (typeof description !== 'string' || description.length > 1024))
      throw new RegistryError('ValidationException', 'description must be a string of at most 1024 characters');
    return this.write(() => this.ensureGroup(name, description));
  }

  async listModelPackageGroups(): Promise<ModelPackageGroup[]> {
    this.checkOpen();
    return listGroups(this.db);
  }

  async createModelPackage(input: RegisterModelPackageInput): Promise<ModelPackage> {
    this.checkOpen();
    checkRegisterInput(input);
    return this.write((emit) => {
      this.ensureGroup(input.groupName);
      const version = nextVersion(this.db, input.groupName);
      const pkg: ModelPackage = {
        arn: localPackageArn(input.groupName, version),
        groupName: input.groupName,
        version,
        status: 'Completed',
        approvalStatus: input.approvalStatus,
        modelDataUrl: input.modelDataUrl,
        imageUri: input.imageUri,
        ...(input.description !== undefined && { description: input.description }),
        metrics: input.metrics ?? {},
        lineage: input.lineage ?? {},
        customerMetadata: input.customerMetadata ?? {},
        createdAt: this.now().toISOString(),
        registeredBy: input.registeredBy,
        promoted: false,
      };
      insertPackage(this.db, pkg);
      appendHistory(this.db, pkg.groupName, version, 'registered', input.registeredBy, pkg.createdAt);
      const registered = this.mustGet(pkg.groupName, version);
      emit([packageStateChange(registered, input.registeredBy, pkg.createdAt)]);
      return registered;
    });
  }

  async describeModelPackage(arn: ModelPackageArn): Promise<ModelPackage> {
    this.checkOpen();
    const { groupName, version } = parseLocalPackageArn(arn);
    return this.mustGet(groupName, version);
  }

  async listModelPackages(
    groupName: ModelPackageGroupName,
    filter: { approvalStatus?: ModelApprovalStatus } = {},
  ): Promise<ModelPackage[]> {
    this.checkOpen();
    checkGroupName(groupName);
    if (filter.approvalStatus !== undefined) checkApprovalStatus(filter.approvalStatus);
    this.mustGetGroup(groupName);
    return listPackages(this.db, groupName, filter.approvalStatus);
  }

  async updateApprovalStatus(arn: ModelPackageArn, status: ModelApprovalStatus, actor: Actor): Promise<ModelPackage> {
    this.checkOpen();
    const { groupName, version } = parseLocalPackageArn(arn);
    checkApprovalStatus(status);
    checkActor(actor, true);
    return this.write((emit) => {
      const pkg = this.mustGet(groupName, version);
      if (pkg.promoted && status !== 'Approved')
        throw new RegistryError(
          'ConflictException',
          `${groupName} version ${version} is the promoted version: roll back (or promote another) before setting it ${status}`,
        );
      const at = this.now().toISOString();
      updateApproval(this.db, pkg, status, actor);
      appendHistory(this.db, groupName, version, STATUS_ACTION[status], actor, at);
      const changed = this.mustGet(groupName, version);
      emit([packageStateChange(changed, actor, at)]);
      return changed;
    });
  }

  async promote(arn: ModelPackageArn, actor: Actor): Promise<ModelPackage> {
    this.checkOpen();
    const { groupName, version } = parseLocalPackageArn(arn);
    checkActor(actor, true);
    return this.write((emit) => {
      const pkg = this.mustGet(groupName, version);
      if (pkg.approvalStatus !== 'Approved')
        throw new RegistryError(
          'ConflictException',
          `${groupName} version ${version} is ${pkg.approvalStatus}: only an Approved version may be promoted`,
        );
      // Promoting what already serves is a retry, not a change: nothing is recorded.
      if (pkg.promoted) return pkg;
      const at = this.now().toISOString();
      const serving = servingVersion(this.db, groupName);
      if (serving !== undefined) appendHistory(this.db, groupName, serving, 'demoted', actor, at);
      startServing(this.db, groupName, version, 'promoted', actor, at);
      appendHistory(this.db, groupName, version, 'promoted', actor, at);
      const promoted = this.mustGet(groupName, version);
      emit([modelPromoted(promoted, serving === undefined ? undefined : this.mustGet(groupName, serving), 'promoted', actor)]);
      return promoted;
    });
  }

  async rollback(groupName: ModelPackageGroupName, actor: Actor): Promise<ModelPackage> {
    this.checkOpen();
    checkGroupName(groupName);
    checkActor(actor, true);
    return this.write((emit) => {
      this.mustGetGroup(groupName);
      const stack = servingStack(this.db, groupName);
      const current = stack.at(-1);
      const previous = stack.at(-2);
      if (current === undefined || previous === undefined)
        throw new RegistryError(
          'ConflictException',
          current === undefined
            ? `no version of ${groupName} is promoted: there is nothing to roll back`
            : `${groupName} version ${current} is the first promoted version still in force: there is no earlier one to roll back to`,
        );
      const target = this.mustGet(groupName, previous);
      if (target.approvalStatus !== 'Approved')
        throw new RegistryError(
          'ConflictException',
          `${groupName} version ${previous}, which served before version ${current}, is ${target.approvalStatus} now: approve it first, or promote another version`,
        );
      const at = this.now().toISOString();
      appendHistory(this.db, groupName, current, 'rolled-back', actor, at);
      startServing(this.db, groupName, previous, 'rolled-back', actor, at);
      appendHistory(this.db, groupName, previous, 'promoted', actor, at);
      const restored = this.mustGet(groupName, previous);
      emit([modelPromoted(restored, this.mustGet(groupName, current), 'rolled-back', actor)]);
      return restored;
    });
  }

  async promoted(groupName: ModelPackageGroupName): Promise<ModelPackage | undefined> {
    this.checkOpen();
    checkGroupName(groupName);
    this.mustGetGroup(groupName);
    const version = servingVersion(this.db, groupName);
    return version === undefined ? undefined : this.mustGet(groupName, version);
  }

  async history(groupName: ModelPackageGroupName): Promise<RegistryHistoryEntry[]> {
    this.checkOpen();
    checkGroupName(groupName);
    this.mustGetGroup(groupName);
    return readHistory(this.db, groupName);
  }

  async servingHistory(groupName: ModelPackageGroupName): Promise<ServingPeriod[]> {
    this.checkOpen();
    checkGroupName(groupName);
    this.mustGetGroup(groupName);
    return servingPeriods(this.db, groupName);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }

  /**
   * One immediate transaction: a second writer (another process) waits for it instead of interleaving. What the
   * change emits is appended to the outbox inside it; the bus is told only once it committed.
   */
  private write<T>(change: (emit: Emit) => T): T {
    const outbox = this.outbox;
    const emit: Emit = (entries) => {
      if (outbox && entries.length > 0) outbox.append(this.db, entries);
    };
    const result = this.db.transaction(() => change(emit)).immediate();
    outbox?.committed();
    return result;
  }

  private ensureGroup(name: ModelPackageGroupName, description?: string): ModelPackageGroup {
    const existing = getGroup(this.db, name);
    if (existing) return existing;
    const group: ModelPackageGroup = {
      name,
      arn: localGroupArn(name),
      ...(description !== undefined && { description }),
      createdAt: this.now().toISOString(),
    };
    insertGroup(this.db, group);
    return group;
  }

  private mustGetGroup(name: ModelPackageGroupName): ModelPackageGroup {
    const group = getGroup(this.db, name);
    if (!group) throw new RegistryError('ResourceNotFound', `model package group ${name} does not exist`);
    return group;
  }

  private mustGet(groupName: ModelPackageGroupName, version: number): ModelPackage {
    const pkg = getPackage(this.db, groupName, version);
    if (!pkg) throw new RegistryError('ResourceNotFound', `model package ${groupName}/${version} does not exist`);
    return pkg;
  }

  private checkOpen(): void {
    if (this.closed) throw new Error('the model registry is closed');
  }
}
