import type { Actor, ModelPackageGroupName, RegistryHistoryEntry } from '../../model-registry';
import { localPackageArn } from '../rules/local-arn';
import type { RegistryDb } from './open-registry-db';

interface HistoryRow {
  group_name: string;
  version: number;
  action: RegistryHistoryEntry['action'];
  principal: string;
  role: string | null;
  reason: string | null;
  at: string;
}

/** The actor columns of a history or serving row. */
export function actorOf(row: { principal: string; role: string | null; reason: string | null }): Actor {
  return { principal: row.principal, ...(row.role !== null && { role: row.role }), ...(row.reason !== null && { reason: row.reason }) };
}

/** Appends one line to the group's history. */
export function appendHistory(
  db: RegistryDb,
  groupName: ModelPackageGroupName,
  version: number,
  action: RegistryHistoryEntry['action'],
  actor: Actor,
  at: string,
): void {
  db.prepare('INSERT INTO history (group_name, version, action, principal, role, reason, at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    groupName,
    version,
    action,
    actor.principal,
    actor.role ?? null,
    actor.reason ?? null,
    at,
  );
}

/** The group's history, oldest first. */
export function readHistory(db: RegistryDb, groupName: ModelPackageGroupName): RegistryHistoryEntry[] {
  return db
    .prepare<[string], HistoryRow>('SELECT * FROM history WHERE group_name = ? ORDER BY seq')
    .all(groupName)
    .map((row) => ({
      groupName: row.group_name,
      arn: localPackageArn(row.group_name, row.version),
      version: row.version,
      action: row.action,
      actor: actorOf(row),
      at: row.at,
    }));
}
