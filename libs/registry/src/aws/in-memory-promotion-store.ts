import type { ModelPackageGroupName } from '../model-registry';
import type { PromotionChange, PromotionHistoryLine, PromotionState, PromotionStore, ServingLine } from './promotion-store';

interface GroupRecord {
  state: PromotionState;
  history: PromotionHistoryLine[];
  serving: ServingLine[];
}

/**
 * The promotion store in memory: the specs' store, and one process's until the DynamoDB one is
 * wired. Each call yields once before it acts, so concurrent callers interleave as they would
 * against a remote store, and the compare-and-set is what keeps them apart.
 */
export class InMemoryPromotionStore implements PromotionStore {
  private readonly groups = new Map<ModelPackageGroupName, GroupRecord>();

  async read(groupName: ModelPackageGroupName): Promise<PromotionState> {
    await Promise.resolve();
    return structuredClone(this.record(groupName).state);
  }

  async commit(groupName: ModelPackageGroupName, expectedRevision: number, change: PromotionChange): Promise<boolean> {
    await Promise.resolve();
    const record = this.record(groupName);
    if (record.state.revision !== expectedRevision) return false;
    const pending = { ...record.state.pendingApprovals };
    for (const [version, status] of Object.entries(change.pendingApprovals ?? {})) {
      if (status === null) delete pending[version];
      else pending[version] = status;
    }
    record.state = { revision: expectedRevision + 1, stack: [...(change.stack ?? record.state.stack)], pendingApprovals: pending };
    record.history.push(...structuredClone(change.history ?? []));
    if (change.serving) record.serving.push(structuredClone(change.serving));
    return true;
  }

  async history(groupName: ModelPackageGroupName): Promise<PromotionHistoryLine[]> {
    await Promise.resolve();
    return structuredClone(this.record(groupName).history);
  }

  async servingLog(groupName: ModelPackageGroupName): Promise<ServingLine[]> {
    await Promise.resolve();
    return structuredClone(this.record(groupName).serving);
  }

  private record(groupName: ModelPackageGroupName): GroupRecord {
    let record = this.groups.get(groupName);
    if (!record) {
      record = { state: { revision: 0, stack: [], pendingApprovals: {} }, history: [], serving: [] };
      this.groups.set(groupName, record);
    }
    return record;
  }
}
