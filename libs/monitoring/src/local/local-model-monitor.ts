import * as path from 'node:path';
import { cachedStatement, openSqlite } from '@triage/platform';
import type Database from 'better-sqlite3';
import { compareWindow, type DriftThresholds } from '../drift/compare-window';
import type { DriftReference, DriftRow } from '../drift/drift-reference';
import { IMAGE_FEATURE_NAMES } from '../features/image-features';
import type {
  DriftStatus,
  ImageSetKey,
  LabelOf,
  ModelMonitor,
  MonitoredModel,
  ScoreCount,
  ScoreRecord,
  ShadowComparison,
} from '../model-monitor';
import { compareShadow, type PairedScores } from '../shadow/compare-shadow';

/** Where the local monitor keeps its database under the data directory. */
export function monitoringFile(dataDir: string): string {
  return path.join(dataDir, 'monitoring', 'monitoring.sqlite');
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS scores (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  group_name TEXT NOT NULL,
  model_package_arn TEXT NOT NULL,
  version INTEGER NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('serving', 'shadow')),
  datastore_id TEXT NOT NULL,
  image_set_id TEXT NOT NULL,
  score REAL NOT NULL,
  input_mean REAL NOT NULL,
  input_std REAL NOT NULL,
  input_p05 REAL NOT NULL,
  input_p50 REAL NOT NULL,
  input_p95 REAL NOT NULL,
  scored_at TEXT NOT NULL,
  UNIQUE (model_package_arn, role, datastore_id, image_set_id)
);
CREATE INDEX IF NOT EXISTS scores_by_model ON scores (model_package_arn, role, seq);
CREATE INDEX IF NOT EXISTS scores_by_group ON scores (group_name, model_package_arn, role);
CREATE TABLE IF NOT EXISTS drift_checks (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  group_name TEXT NOT NULL,
  model_package_arn TEXT NOT NULL,
  version INTEGER NOT NULL,
  checked_at TEXT NOT NULL,
  window_size INTEGER NOT NULL,
  window_start TEXT NOT NULL,
  window_end TEXT NOT NULL,
  window_last_seq INTEGER NOT NULL,
  drifted INTEGER NOT NULL,
  features TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS drift_checks_by_group ON drift_checks (group_name, seq);
CREATE INDEX IF NOT EXISTS drift_checks_by_model ON drift_checks (model_package_arn, seq);
`;

const FEATURE_COLUMNS =
  'input_mean AS inputMean, input_std AS inputStd, input_p05 AS inputP05, input_p50 AS inputP50, input_p95 AS inputP95';

interface CheckRow {
  seq: number;
  group_name: string;
  model_package_arn: string;
  version: number;
  checked_at: string;
  window_size: number;
  window_start: string;
  window_end: string;
  window_last_seq: number;
  drifted: number;
  features: string;
}

/**
 * The monitor on SQLite (`<data>/monitoring/monitoring.sqlite`, WAL). Synchronous NORMAL: a commit
 * survives the process dying, and what a power cut could lose is a score the next event redoes or a
 * check the next score repeats (at worst one more ModelDriftDetected). Every write is one statement
 * or one transaction, so a reader never sees half a check.
 */
export class LocalModelMonitor implements ModelMonitor {
  private constructor(
    private readonly db: Database.Database,
    private readonly now: () => Date,
  ) {}

  /** Opens (creating when new) the monitor's database. */
  static open(options: { file: string; now?: () => Date }): LocalModelMonitor {
    const db = openSqlite(options.file, { synchronous: 'NORMAL' });
    db.exec(SCHEMA);
    return new LocalModelMonitor(db, options.now ?? (() => new Date()));
  }

  recordScore(s: ScoreRecord): void {
    if (s.role !== 'serving' && s.role !== 'shadow')
      throw new RangeError(`recordScore: role ${String(s.role)} is neither serving nor shadow`);
    for (const [name, v] of [['score', s.score], ...IMAGE_FEATURE_NAMES.map((f) => [f, s.features[f]] as const)] as const)
      if (!Number.isFinite(v)) throw new RangeError(`recordScore: ${name} ${v} is not finite`);
    const f = s.features;
    cachedStatement(
      this.db,
      `INSERT INTO scores (group_name, model_package_arn, version, role, datastore_id, image_set_id, score,
         input_mean, input_std, input_p05, input_p50, input_p95, scored_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (model_package_arn, role, datastore_id, image_set_id) DO NOTHING`,
    ).run(
      s.groupName,
      s.modelPackageArn,
      s.version,
      s.role,
      s.datastoreId,
      s.imageSetId,
      s.score,
      f.inputMean,
      f.inputStd,
      f.inputP05,
      f.inputP50,
      f.inputP95,
      s.scoredAt,
    );
  }

  checkDrift(model: MonitoredModel, reference: DriftReference, t: DriftThresholds): { status: DriftStatus; crossed: boolean } | undefined {
    if (!(t.windowSize >= 1 && t.minWindow >= 1))
      throw new RangeError(`checkDrift: windowSize ${t.windowSize} and minWindow ${t.minWindow} must be positive`);
    // IMMEDIATE: two processes checking the same version at once still see each other's check, so only one of them crosses.
    return this.db
      .transaction(() => {
        const rows = cachedStatement<[string, number], DriftRow & { seq: number; scoredAt: string }>(
          this.db,
          `SELECT seq, score, ${FEATURE_COLUMNS}, scored_at AS scoredAt FROM scores
           WHERE model_package_arn = ? AND role = 'serving' ORDER BY seq DESC LIMIT ?`,
        ).all(model.modelPackageArn, t.windowSize);
        if (rows.length < t.minWindow) return undefined;
        const previous = cachedStatement<[string], CheckRow>(
          this.db,
          'SELECT * FROM drift_checks WHERE model_package_arn = ? ORDER BY seq DESC LIMIT 1',
        ).get(model.modelPackageArn);
        const lastSeq = rows[0].seq;
        // Nothing scored since the last check (a redelivered event): the same window, the same answer, no new episode.
        if (previous && previous.window_last_seq === lastSeq && previous.window_size === rows.length)
          return { status: statusOf(previous), crossed: false };
        const features = compareWindow(reference, rows, t);
        const times = rows.map((r) => r.scoredAt).sort();
        const status: DriftStatus = {
          groupName: model.groupName,
          modelPackageArn: model.modelPackageArn,
          version: model.version,
          checkedAt: this.now().toISOString(),
          windowSize: rows.length,
          windowStart: times[0],
          windowEnd: times[times.length - 1],
          drifted: features.some((f) => f.drifted),
          features,
        };
        cachedStatement(
          this.db,
          `INSERT INTO drift_checks (group_name, model_package_arn, version, checked_at, window_size, window_start, window_end,
             window_last_seq, drifted, features) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          status.groupName,
          status.modelPackageArn,
          status.version,
          status.checkedAt,
          status.windowSize,
          status.windowStart,
          status.windowEnd,
          lastSeq,
          status.drifted ? 1 : 0,
          JSON.stringify(features),
        );
        return { status, crossed: status.drifted && !(previous?.drifted === 1) };
      })
      .immediate();
  }

  driftHistory(groupName: string, limit = 50): DriftStatus[] {
    return cachedStatement<[string, number], CheckRow>(this.db, 'SELECT * FROM drift_checks WHERE group_name = ? ORDER BY seq DESC LIMIT ?')
      .all(groupName, limit)
      .map(statusOf);
  }

  pairedImageSets(groupName: string, servingArn: string, shadowArn: string): ImageSetKey[] {
    return this.paired(groupName, servingArn, shadowArn).map(({ datastoreId, imageSetId }) => ({ datastoreId, imageSetId }));
  }

  shadowComparison(groupName: string, servingArn: string, shadowArn: string, labelOf: LabelOf, threshold: number): ShadowComparison {
    const pairs = this.paired(groupName, servingArn, shadowArn);
    return compareShadow(pairs, servingArn, shadowArn, labelOf, threshold);
  }

  scoreCounts(groupName: string): ScoreCount[] {
    return cachedStatement<[string], ScoreCount>(
      this.db,
      `SELECT model_package_arn AS modelPackageArn, version, role, COUNT(*) AS count FROM scores
       WHERE group_name = ? GROUP BY model_package_arn, version, role ORDER BY version DESC, role`,
    ).all(groupName);
  }

  close(): void {
    this.db.close();
  }

  private paired(groupName: string, servingArn: string, shadowArn: string) {
    return cachedStatement<[string, string, string], PairedScores>(
      this.db,
      `SELECT s.datastore_id AS datastoreId, s.image_set_id AS imageSetId, s.score AS serving, h.score AS shadow
       FROM scores s JOIN scores h
         ON h.model_package_arn = ? AND h.role = 'shadow' AND h.datastore_id = s.datastore_id AND h.image_set_id = s.image_set_id
       WHERE s.model_package_arn = ? AND s.role = 'serving' AND s.group_name = ? AND h.group_name = s.group_name
       ORDER BY s.seq`,
    ).all(shadowArn, servingArn, groupName);
  }
}

function statusOf(row: CheckRow): DriftStatus {
  return {
    groupName: row.group_name,
    modelPackageArn: row.model_package_arn,
    version: row.version,
    checkedAt: row.checked_at,
    windowSize: row.window_size,
    windowStart: row.window_start,
    windowEnd: row.window_end,
    drifted: row.drifted === 1,
    features: JSON.parse(row.features) as DriftStatus['features'],
  };
}
