import type { Actor, ModelPackageGroupName, ServingPeriod } from '../../model-registry';
import { localPackageArn } from '../rules/local-arn';
import { actorOf } from './history-rows';
import type { RegistryDb } from './open-registry-db';

interface ServingRow {
  version: number;
  kind: 'promoted' | 'rolled-back';
  principal: string;
  role: string | null;
  reason: string | null;
  at: string;
}

function readLog(db: RegistryDb, groupName: ModelPackageGroupName): ServingRow[] {
  return db.prepare<[string], ServingRow>('SELECT * FROM serving_log WHERE group_name = ? ORDER BY seq').all(groupName);
}

/**
 * The promotions still in force, oldest first: a promotion pushes its version, a rollback pops the
 * top. The last is the serving version; the one below it is where a rollback goes.
 */
export function servingStack(db: RegistryDb, groupName: ModelPackageGroupName): number[] {
  const stack: number[] = [];
  for (const row of readLog(db, groupName)) {
    if (row.kind === 'promoted') stack.push(row.version);
    else stack.pop();
  }
  return stack;
}

/** The version serving now, from serving_now (kept in step with the log in each transaction). */
export function servingVersion(db: RegistryDb, groupName: ModelPackageGroupName): number | undefined {
  return db.prepare<[string], { version: number }>('SELECT version FROM serving_now WHERE group_name = ?').get(groupName)?.version;
}

/** Starts a serving period for `version`: appends to the log and makes it the one serving now. */
export function startServing(
  db: RegistryDb,
  groupName: ModelPackageGroupName,
  version: number,
  kind: ServingRow['kind'],
  actor: Actor,
  at: string,
): void {
  db.prepare('INSERT INTO serving_log (group_name, version, kind, principal, role, reason, at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    groupName,
    version,
    kind,
    actor.principal,
    actor.role ?? null,
    actor.reason ?? null,
    at,
  );
  db.prepare(
    'INSERT INTO serving_now (group_name, version) VALUES (?, ?) ON CONFLICT (group_name) DO UPDATE SET version = excluded.version',
  ).run(groupName, version);
}

/** Which version served when, oldest first: each row of the log starts a period that the next one ends. */
export function servingPeriods(db: RegistryDb, groupName: ModelPackageGroupName): ServingPeriod[] {
  const rows = readLog(db, groupName);
  return rows.map((row, i) => ({
    arn: localPackageArn(groupName, row.version),
    version: row.version,
    from: row.at,
    ...(i + 1 < rows.length && { until: rows[i + 1].at }),
    promotedBy: actorOf(row),
  }));
}
