import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { openSqlite } from '@triage/platform';
import type { ClaimOutcome, RunClaim, TriggerSnapshot, TriggerState } from '../handlers/pipeline-trigger/trigger-state';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS trigger_labels (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  group_name TEXT NOT NULL,
  event_id TEXT NOT NULL,
  UNIQUE (group_name, event_id)
);
CREATE TABLE IF NOT EXISTS trigger_groups (
  group_name TEXT PRIMARY KEY,
  -- Labels with a seq above it count toward the next run.
  base_seq INTEGER NOT NULL,
  last_run_at TEXT NOT NULL,
  claim_token TEXT,
  claim_prev_base_seq INTEGER,
  claim_prev_last_run_at TEXT,
  claimed_at TEXT,
  started_by TEXT,
  execution_arn TEXT
) WITHOUT ROWID;
`;

interface GroupRow {
  group_name: string;
  base_seq: number;
  last_run_at: string;
  claim_token: string | null;
  claim_prev_base_seq: number | null;
  claim_prev_last_run_at: string | null;
  claimed_at: string | null;
  started_by: string | null;
  execution_arn: string | null;
}

/**
 * The trigger's state in SQLite (`<data>/mlops/trigger.sqlite`). Each change is one BEGIN IMMEDIATE transaction: two
 * processes (or two deliveries in one) deciding at once are serialised, so only one of them claims the run.
 */
export class SqliteTriggerState implements TriggerState {
  private constructor(
    private readonly db: Database.Database,
    private readonly now: () => Date,
  ) {
    db.exec(SCHEMA);
  }

  /** Opens (creating when new) the state file. */
  static open(options: { file: string; now?: () => Date }): SqliteTriggerState {
    return new SqliteTriggerState(openSqlite(options.file), options.now ?? (() => new Date()));
  }

  async recordLabel(group: string, eventId: string): Promise<boolean> {
    return this.db
      .transaction(() => {
        this.group(group);
        return (
          this.db.prepare('INSERT OR IGNORE INTO trigger_labels (group_name, event_id) VALUES (?, ?)').run(group, eventId).changes === 1
        );
      })
      .immediate();
  }

  async snapshot(group: string): Promise<TriggerSnapshot> {
    return this.db.transaction(() => this.snapshotOf(this.group(group))).immediate();
  }

  async claim(group: string, startedBy: string, decide: (snapshot: TriggerSnapshot) => boolean): Promise<ClaimOutcome> {
    return this.db
      .transaction((): ClaimOutcome => {
        const row = this.group(group);
        const snapshot = this.snapshotOf(row);
        if (snapshot.claim || !decide(snapshot)) return { claimed: false, snapshot };
        const claim: RunClaim = { token: randomUUID(), claimedAt: this.now().toISOString(), startedBy };
        this.db
          .prepare(
            `UPDATE trigger_groups SET claim_token = ?, claim_prev_base_seq = base_seq, claim_prev_last_run_at = last_run_at,
               base_seq = ?, last_run_at = ?, claimed_at = ?, started_by = ?, execution_arn = NULL WHERE group_name = ?`,
          )
          .run(claim.token, this.maxSeq(group), claim.claimedAt, claim.claimedAt, startedBy, group);
        return { claimed: true, claim };
      })
      .immediate();
  }

  async started(group: string, token: string, executionArn: string): Promise<void> {
    this.db.prepare('UPDATE trigger_groups SET execution_arn = ? WHERE group_name = ? AND claim_token = ?').run(executionArn, group, token);
  }

  async release(group: string, token: string, eventId?: string): Promise<void> {
    this.db
      .transaction(() => {
        const changed = this.db
          .prepare(
            `UPDATE trigger_groups SET base_seq = claim_prev_base_seq, last_run_at = claim_prev_last_run_at, claim_token = NULL,
               claim_prev_base_seq = NULL, claim_prev_last_run_at = NULL, claimed_at = NULL, started_by = NULL, execution_arn = NULL
             WHERE group_name = ? AND claim_token = ?`,
          )
          .run(group, token).changes;
        if (changed === 1 && eventId !== undefined)
          this.db.prepare('DELETE FROM trigger_labels WHERE group_name = ? AND event_id = ?').run(group, eventId);
      })
      .immediate();
  }

  async runEnded(group: string, executionArn: string): Promise<void> {
    this.db
      .prepare(
        `UPDATE trigger_groups SET claim_token = NULL, claim_prev_base_seq = NULL, claim_prev_last_run_at = NULL, claimed_at = NULL,
           started_by = NULL, execution_arn = NULL WHERE group_name = ? AND execution_arn = ?`,
      )
      .run(group, executionArn);
  }

  /** Closes the file. */
  close(): void {
    this.db.close();
  }

  private group(group: string): GroupRow {
    const get = () => this.db.prepare<[string], GroupRow>('SELECT * FROM trigger_groups WHERE group_name = ?').get(group);
    const found = get();
    if (found) return found;
    this.db
      .prepare('INSERT INTO trigger_groups (group_name, base_seq, last_run_at) VALUES (?, ?, ?)')
      .run(group, this.maxSeq(group), this.now().toISOString());
    return get() as GroupRow;
  }

  private maxSeq(group: string): number {
    return (
      this.db.prepare<[string], { n: number | null }>('SELECT MAX(seq) AS n FROM trigger_labels WHERE group_name = ?').get(group)?.n ?? 0
    );
  }

  private snapshotOf(row: GroupRow): TriggerSnapshot {
    const newLabels =
      this.db
        .prepare<[string, number], { n: number }>('SELECT COUNT(*) AS n FROM trigger_labels WHERE group_name = ? AND seq > ?')
        .get(row.group_name, row.base_seq)?.n ?? 0;
    return {
      newLabels,
      lastRunAt: row.last_run_at,
      ...(row.claim_token !== null && {
        claim: {
          token: row.claim_token,
          claimedAt: row.claimed_at ?? row.last_run_at,
          startedBy: row.started_by ?? 'unknown',
          ...(row.execution_arn !== null && { executionArn: row.execution_arn }),
        },
      }),
    };
  }
}
