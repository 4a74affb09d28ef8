import type { Actor, ModelApprovalStatus, ModelPackageArn, ModelPackageGroupName, RegistryHistoryEntry } from '../model-registry';

/** One line of a group's history as the store keeps it (the group is the key it is stored under). */
export interface PromotionHistoryLine {
  version: number;
  arn: ModelPackageArn;
  action: RegistryHistoryEntry['action'];
  actor: Actor;
  /** ISO 8601. */
  at: string;
}

/** One promotion or rollback that changed what serves: it starts a serving period that the next one ends. */
export interface ServingLine {
  version: number;
  arn: ModelPackageArn;
  change: 'promoted' | 'rolled-back';
  actor: Actor;
  at: string;
}

/** A group's promotion state: what `commit` checks and replaces. */
export interface PromotionState {
  /** Bumped by every commit; 0 for a group nothing was committed for. */
  revision: number;
  /** The promotions still in force, oldest first: a promotion pushes, a rollback pops; the last one serves. */
  stack: number[];
  /**
   * Approval changes in flight, by version: set before UpdateModelPackage is sent and cleared after, so a
   * promotion or rollback that reads the state meanwhile sees the status that is coming (SageMaker's may be
   * the old one still). Left set only by a crash between the two: it then refuses promotion of that version
   * until its next approval change, the safe way round.
   */
  pendingApprovals: Record<string, ModelApprovalStatus>;
}

/** What one commit writes, all or nothing. */
export interface PromotionChange {
  /** The new stack (absent: unchanged). */
  stack?: number[];
  /** Approval changes in flight to set (a status) or clear (null), by version. */
  pendingApprovals?: Record<string, ModelApprovalStatus | null>;
  /** Appended to the history, in this order. */
  history?: PromotionHistoryLine[];
  /** Appended to the serving log. */
  serving?: ServingLine;
}

/**
 * Promotion state and history, which SageMaker's Model Registry does not keep: the port
 * `SageMakerModelRegistry` writes through. Every change is a compare-and-set on the group's
 * revision (optimistic concurrency), so two registries promoting at once serialise: one commits,
 * the other reads again and decides again.
 *
 * On AWS it is the mlops table (`triage-<env>-mlops`): `pk = REGISTRY#<group>`, `sk = STATE` (revision,
 * stack, pendingApprovals), and per commit `sk = HISTORY#<revision, 12 digits>#<n>` and
 * `SERVING#<revision, 12 digits>` items, all in one TransactWriteItems whose Update of the STATE item is
 * conditioned on `revision = :read` (or `attribute_not_exists(pk)` for revision 0). Reads are a Query on
 * the pk, strongly consistent. `InMemoryPromotionStore` is the specs' (and a single process's) store.
 */
export interface PromotionStore {
  /** The group's state; `{ revision: 0, stack: [], pendingApprovals: {} }` when nothing was committed. */
  read(groupName: ModelPackageGroupName): Promise<PromotionState>;
  /** Applies `change` if the group's revision is still `expectedRevision`; false (nothing written) when another commit came first. */
  commit(groupName: ModelPackageGroupName, expectedRevision: number, change: PromotionChange): Promise<boolean>;
  /** Oldest first. */
  history(groupName: ModelPackageGroupName): Promise<PromotionHistoryLine[]>;
  /** Oldest first. */
  servingLog(groupName: ModelPackageGroupName): Promise<ServingLine[]>;
}
