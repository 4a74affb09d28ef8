import type Database from 'better-sqlite3';
import { openSqlite } from '@triage/platform';
import type {
  PipelineExecution,
  PipelineExecutionArn,
  PipelineExecutionId,
  PipelineExecutionStatus,
  PipelineExecutionStep,
  PipelineExecutionStepMetadata,
  PipelineParameter,
  StepName,
  StepStatus,
  StepType,
} from '../pipeline-runner';
import type { StepProgress } from '../progress/progress';

/** An execution as stored: the port's shape plus what the runner needs to go on after a restart. */
export interface StoredExecution extends PipelineExecution {
  id: PipelineExecutionId;
  pipelineName: string;
  /** The definition exactly as started (the JSON text). */
  definition: string;
  /** Resolved parameter values (overrides applied), typed. */
  parameterValues: Record<string, string | number | boolean>;
}

/** A step as stored: the port's shape plus its properties, cache key and process. */
export interface StoredStep extends PipelineExecutionStep {
  /** What later steps' `Get: Steps.<name>...` read, once it succeeded. */
  properties?: Record<string, unknown>;
  cacheKey?: string;
  /** The content hash of its outputs when it succeeded: a cached result is reused only while they are unchanged. */
  outputsHash?: string;
  /** The process group of the running attempt. */
  pid?: number;
}

interface ExecutionRow {
  id: string;
  arn: string;
  pipeline_name: string;
  display_name: string | null;
  description: string | null;
  status: string;
  created_by: string;
  created_at: string;
  modified_at: string;
  failure_reason: string | null;
  parameters: string;
  definition: string;
  step_names: string;
}

interface StepRow {
  execution_id: string;
  name: string;
  type: string;
  status: string;
  start_time: string | null;
  end_time: string | null;
  failure_reason: string | null;
  attempts: number;
  pid: number | null;
  progress: string | null;
  properties: string | null;
  metadata: string;
  cache_key: string | null;
  cache_source: string | null;
  outputs_hash: string | null;
  log: string | null;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS executions (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  arn TEXT NOT NULL,
  pipeline_name TEXT NOT NULL,
  display_name TEXT,
  description TEXT,
  status TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  modified_at TEXT NOT NULL,
  failure_reason TEXT,
  parameters TEXT NOT NULL,
  definition TEXT NOT NULL,
  step_names TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS steps (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  execution_id TEXT NOT NULL REFERENCES executions(id),
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  status TEXT NOT NULL,
  start_time TEXT,
  end_time TEXT,
  failure_reason TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  pid INTEGER,
  progress TEXT,
  properties TEXT,
  metadata TEXT NOT NULL DEFAULT '{}',
  cache_key TEXT,
  cache_source TEXT,
  outputs_hash TEXT,
  log TEXT,
  UNIQUE (execution_id, name)
);
CREATE INDEX IF NOT EXISTS steps_cache ON steps (cache_key, status, end_time);
`;

/** The runner's state in SQLite (`<data>/pipelines/pipelines.sqlite`): executions and their steps, each write durable. */
export class RunStore {
  private readonly db: Database.Database;

  constructor(file: string) {
    this.db = openSqlite(file);
    this.db.exec(SCHEMA);
  }

  /** The database, for an outbox to attach to and append in (events commit with the rows they describe). */
  get database(): Database.Database {
    return this.db;
  }

  /** Runs `change` as one immediate transaction. */
  transaction<T>(change: () => T): T {
    return this.db.transaction(change).immediate();
  }

  /** Records a new execution. */
  insertExecution(execution: StoredExecution): void {
    this.db
      .prepare(
        `INSERT INTO executions (id, arn, pipeline_name, display_name, description, status, created_by, created_at, modified_at, parameters, definition, step_names)
         VALUES (@id, @arn, @pipelineName, @displayName, @description, @status, @createdBy, @createdAt, @createdAt, @parameters, @definition, @stepNames)`,
      )
      .run({
        id: execution.id,
        arn: execution.PipelineExecutionArn,
        pipelineName: execution.pipelineName,
        displayName: execution.PipelineExecutionDisplayName ?? null,
        description: execution.PipelineExecutionDescription ?? null,
        status: execution.PipelineExecutionStatus,
        createdBy: execution.CreatedBy,
        createdAt: execution.CreationTime,
        parameters: JSON.stringify(execution.parameterValues),
        definition: execution.definition,
        stepNames: JSON.stringify(execution.StepNames),
      });
  }

  /** Sets an execution's status (and failure reason). */
  setExecutionStatus(id: PipelineExecutionId, status: PipelineExecutionStatus, failureReason?: string): void {
    this.db
      .prepare(`UPDATE executions SET status = ?, failure_reason = COALESCE(?, failure_reason), modified_at = ? WHERE id = ?`)
      .run(status, failureReason ?? null, new Date().toISOString(), id);
  }

  execution(id: PipelineExecutionId): StoredExecution | undefined {
    const row = this.db.prepare(`SELECT * FROM executions WHERE id = ?`).get(id) as ExecutionRow | undefined;
    return row && toExecution(row);
  }

  /** Newest first. */
  executions(pipelineName: string | undefined, limit: number): StoredExecution[] {
    const rows = (
      pipelineName === undefined
        ? this.db.prepare(`SELECT * FROM executions ORDER BY seq DESC LIMIT ?`).all(limit)
        : this.db.prepare(`SELECT * FROM executions WHERE pipeline_name = ? ORDER BY seq DESC LIMIT ?`).all(pipelineName, limit)
    ) as ExecutionRow[];
    return rows.map(toExecution);
  }

  /** Executions a previous process left running. */
  unfinished(): StoredExecution[] {
    return (this.db.prepare(`SELECT * FROM executions WHERE status IN ('Executing', 'Stopping') ORDER BY seq`).all() as ExecutionRow[]).map(
      toExecution,
    );
  }

  /** Writes a step whole (insert or replace its row, keeping its start order). */
  saveStep(executionId: PipelineExecutionId, step: StoredStep): void {
    const values = {
      executionId,
      name: step.StepName,
      type: step.StepType,
      status: step.StepStatus,
      startTime: step.StartTime ?? null,
      endTime: step.EndTime ?? null,
      failureReason: step.FailureReason ?? null,
      attempts: step.AttemptCount,
      pid: step.pid ?? null,
      progress: step.Progress ? JSON.stringify(step.Progress) : null,
      properties: step.properties ? JSON.stringify(step.properties) : null,
      metadata: JSON.stringify(step.Metadata),
      cacheKey: step.cacheKey ?? null,
      cacheSource: step.CacheHitResult?.SourcePipelineExecutionArn ?? null,
      outputsHash: step.outputsHash ?? null,
      log: step.Log ? JSON.stringify(step.Log) : null,
    };
    this.db
      .prepare(
        `INSERT INTO steps (execution_id, name, type, status, start_time, end_time, failure_reason, attempts, pid, progress, properties, metadata, cache_key, cache_source, outputs_hash, log)
         VALUES (@executionId, @name, @type, @status, @startTime, @endTime, @failureReason, @attempts, @pid, @progress, @properties, @metadata, @cacheKey, @cacheSource, @outputsHash, @log)
         ON CONFLICT (execution_id, name) DO UPDATE SET status = excluded.status, start_time = excluded.start_time, end_time = excluded.end_time,
           failure_reason = excluded.failure_reason, attempts = excluded.attempts, pid = excluded.pid, progress = excluded.progress,
           properties = excluded.properties, metadata = excluded.metadata, cache_key = excluded.cache_key, cache_source = excluded.cache_source,
           outputs_hash = excluded.outputs_hash, log = excluded.log`,
      )
      .run(values);
  }

  /** The steps that started, in start order. */
  steps(executionId: PipelineExecutionId): StoredStep[] {
    return (this.db.prepare(`SELECT * FROM steps WHERE execution_id = ? ORDER BY seq`).all(executionId) as StepRow[]).map(toStep);
  }

  /** The newest succeeded run of a cache key that ended after `notBefore` (ISO 8601), with its execution's ARN. */
  cached(cacheKey: string, notBefore: string): { step: StoredStep; executionArn: PipelineExecutionArn } | undefined {
    const row = this.db
      .prepare(
        `SELECT steps.*, executions.arn AS execution_arn FROM steps JOIN executions ON executions.id = steps.execution_id
         WHERE steps.cache_key = ? AND steps.status = 'Succeeded' AND steps.end_time >= ? ORDER BY steps.end_time DESC LIMIT 1`,
      )
      .get(cacheKey, notBefore) as (StepRow & { execution_arn: string }) | undefined;
    if (!row) return undefined;
    // A reused result names the execution that ran it, not one that reused it in turn.
    return { step: toStep(row), executionArn: (row.cache_source ?? row.execution_arn) as PipelineExecutionArn };
  }

  close(): void {
    this.db.close();
  }
}

function toExecution(row: ExecutionRow): StoredExecution {
  const parameterValues = JSON.parse(row.parameters) as Record<string, string | number | boolean>;
  return {
    id: row.id as PipelineExecutionId,
    pipelineName: row.pipeline_name,
    definition: row.definition,
    parameterValues,
    PipelineArn: row.arn.replace(/\/execution\/[^/]+$/, ''),
    PipelineExecutionArn: row.arn as PipelineExecutionArn,
    ...(row.display_name !== null && { PipelineExecutionDisplayName: row.display_name }),
    ...(row.description !== null && { PipelineExecutionDescription: row.description }),
    PipelineExecutionStatus: row.status as PipelineExecutionStatus,
    CreationTime: row.created_at,
    LastModifiedTime: row.modified_at,
    ...(row.failure_reason !== null && { FailureReason: row.failure_reason }),
    CreatedBy: row.created_by,
    PipelineParameters: Object.entries(parameterValues).map(([Name, value]): PipelineParameter => ({ Name, Value: String(value) })),
    StepNames: JSON.parse(row.step_names) as StepName[],
  };
}

function toStep(row: StepRow): StoredStep {
  return {
    StepName: row.name as StepName,
    StepType: row.type as StepType,
    StepStatus: row.status as StepStatus,
    ...(row.start_time !== null && { StartTime: row.start_time }),
    ...(row.end_time !== null && { EndTime: row.end_time }),
    ...(row.failure_reason !== null && { FailureReason: row.failure_reason }),
    ...(row.cache_source !== null && { CacheHitResult: { SourcePipelineExecutionArn: row.cache_source as PipelineExecutionArn } }),
    AttemptCount: row.attempts,
    Metadata: JSON.parse(row.metadata) as PipelineExecutionStepMetadata,
    ...(row.progress !== null && { Progress: JSON.parse(row.progress) as StepProgress }),
    ...(row.log !== null && { Log: JSON.parse(row.log) as { attempt: number; location: string } }),
    ...(row.properties !== null && { properties: JSON.parse(row.properties) as Record<string, unknown> }),
    ...(row.cache_key !== null && { cacheKey: row.cache_key }),
    ...(row.outputs_hash !== null && { outputsHash: row.outputs_hash }),
    ...(row.pid !== null && { pid: row.pid }),
  };
}
