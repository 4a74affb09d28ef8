import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import type { TransactionalOutbox } from '@triage/events';
import type { ModelLineage, ModelRegistry } from '@triage/registry';
import {
  PipelineError,
  type PipelineChange,
  type PipelineExecution,
  type PipelineExecutionArn,
  type PipelineExecutionId,
  type PipelineExecutionStatus,
  type PipelineExecutionStep,
  type PipelineRunner,
  type ListPipelineExecutionsInput,
  type StartPipelineExecutionInput,
  type StepLogRead,
  type StepName,
} from '../pipeline-runner';
import type { StepProgress } from '../progress/progress';
import { evaluateConditions } from './conditions';
import { executionStatusChange } from './events/execution-status-change';
import { ExpressionError, resolveValue, walk, type ResolveContext, type Resolved } from './expressions';
import { type ImageCommand, WORKSPACE_ROOT, triageImageCommands } from './image-commands';
import { isoDurationMs } from './iso-duration';
import { LocalObjectStore, listFiles } from './local-object-store';
import { type PipelinePlan, type PlannedStep, planPipeline } from './pipeline-json';
import { RunStore, type StoredExecution, type StoredStep } from './run-store';
import { isStepProcessAlive, killGroup, stepProcessesOf, type StepProcess } from './step-process';
import { type JobContext, type JobResult, objectOf } from './steps/job-context';
import { processingInputUris, runProcessingJob } from './steps/processing-job';
import { registerModel } from './steps/register-model';
import { runTrainingJob, trainingInputUris } from './steps/training-job';
import { canonicalJson } from '../definition/canonical-json';

/** What {@link LocalPipelineRunner.open} needs. */
export interface LocalPipelineRunnerOptions {
  /** The data directory: state in `pipelines/`, the local S3 in `s3/`. */
  dataDir: string;
  /** Where RegisterModel steps register (without it they fail). */
  registry?: ModelRegistry;
  /** Image URI → local command, tried before the triage images' default (apps/training's main.ts from its sources). */
  images?: ImageCommand[];
  /** Step processes that may run at once, over every execution (default 1: training uses the whole machine). */
  concurrency?: number;
  /** Where apps/training is (default: this checkout). */
  workspaceRoot?: string;
  /** Multiplies every retry interval (tests pass 0). */
  retryIntervalScale?: number;
  /** More variables of this process's environment that step processes get (beyond PATH, HOME, NODE_*, TRIAGE_TF_BACKEND, ...). */
  passEnv?: string[];
  /** Recorded as each registered model's code version (default `git rev-parse HEAD` of the workspace, when it is a checkout). */
  codeVersion?: string;
  /**
   * Where execution status changes go, in the same transaction as the status row (the local bus): each one, at the
   * start, on a stop, at the end and on a restart's recovery, is a `SageMaker Model Building Pipeline Execution Status Change`.
   */
  outbox?: TransactionalOutbox;
}

/** The exception type a failed step process counts as: SageMaker's for a job that failed inside its container. */
export const JOB_FAILURE_EXCEPTION = 'SageMaker.JOB_INTERNAL_ERROR';

/** The local S3's root in a data directory. */
export function localS3Root(dataDir: string): string {
  return path.join(dataDir, 's3');
}

/** The runner's folder in a data directory. */
export function pipelinesDir(dataDir: string): string {
  return path.join(dataDir, 'pipelines');
}

interface ActiveExecution {
  stored: StoredExecution;
  plan: PipelinePlan;
  steps: Map<StepName, StoredStep>;
  processes: Map<StepName, StepProcess>;
  /** Attempts already made by steps a restart interrupted, which run again from the next one. */
  resumed: Map<StepName, StoredStep>;
  stopping: boolean;
  done: Promise<void>;
}

const RUNNING = new Set(['Starting', 'Executing', 'Stopping']);
const PROGRESS_SAVE_MS = 1000;

/**
 * Runs compiled SageMaker pipeline definitions on this machine: parameters, Get, Std:Join and
 * Std:JsonGet resolved as SageMaker does; steps ordered by DependsOn and their data references;
 * Processing and Training steps as child processes of the image's local command under SageMaker's
 * container contract (TRIAGE_ML_ROOT), Condition branches, RegisterModel into the registry, Fail;
 * step caching, retries, per-attempt logs, and executions that survive a restart.
 */
export class LocalPipelineRunner implements PipelineRunner {
  private readonly store: RunStore;
  private readonly objects: LocalObjectStore;
  private readonly active = new Map<PipelineExecutionId, ActiveExecution>();
  private readonly listeners = new Set<(change: PipelineChange) => void>();
  private readonly sleepers = new Set<() => void>();
  private readonly progressSaved = new Map<string, number>();
  private readonly images: ImageCommand[];
  private readonly workspaceRoot: string;
  private readonly concurrency: number;
  private readonly waiting: (() => void)[] = [];
  private runningProcesses = 0;
  private closing = false;
  private codeVersion?: string;

  private constructor(private readonly options: LocalPipelineRunnerOptions) {
    this.workspaceRoot = options.workspaceRoot ?? WORKSPACE_ROOT;
    this.images = [...(options.images ?? []), ...triageImageCommands(this.workspaceRoot)];
    this.concurrency = Math.max(1, options.concurrency ?? 1);
    this.codeVersion = options.codeVersion;
    this.lock();
    this.store = new RunStore(path.join(pipelinesDir(options.dataDir), 'pipelines.sqlite'));
    options.outbox?.attach(this.store.database);
    this.objects = new LocalObjectStore(localS3Root(options.dataDir));
  }

  /** Opens the runner over a data directory and goes on with the executions a previous process left running. */
  static async open(options: LocalPipelineRunnerOptions): Promise<LocalPipelineRunner> {
    const runner = new LocalPipelineRunner(options);
    runner.recover();
    return runner;
  }

  /** The local S3 the steps read and write (`s3://bucket/key` is `<data>/s3/bucket/key`). */
  get objectStore(): LocalObjectStore {
    return this.objects;
  }

  async startExecution(input: StartPipelineExecutionInput): Promise<PipelineExecution> {
    this.checkOpen();
    if (!/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,255}$/.test(input.pipelineName))
      throw new PipelineError(
        'ValidationException',
        `pipeline name ${JSON.stringify(input.pipelineName)} is not [a-zA-Z0-9](-*[a-zA-Z0-9])*`,
      );
    const plan = planPipeline(input.definition);
    const parameterValues = resolveParameters(plan, input.parameters ?? {});
    const id = randomId();
    const now = new Date().toISOString();
    const arn = `arn:aws:sagemaker:local:000000000000:pipeline/${input.pipelineName.toLowerCase()}/execution/${id}`;
    const stored: StoredExecution = {
      id,
      pipelineName: input.pipelineName,
      definition: typeof input.definition === 'string' ? input.definition : JSON.stringify(input.definition),
      parameterValues,
      PipelineArn: arn.replace(/\/execution\/[^/]+$/, ''),
      PipelineExecutionArn: arn,
      ...(input.displayName !== undefined && { PipelineExecutionDisplayName: input.displayName }),
      ...(input.description !== undefined && { PipelineExecutionDescription: input.description }),
      PipelineExecutionStatus: 'Executing',
      CreationTime: now,
      LastModifiedTime: now,
      CreatedBy: input.createdBy,
      PipelineParameters: Object.entries(parameterValues).map(([Name, value]) => ({ Name, Value: String(value) })),
      StepNames: plan.steps.map((s) => s.step.Name),
    };
    this.store.transaction(() => {
      this.store.insertExecution(stored);
      this.options.outbox?.append(this.store.database, [executionStatusChange(stored, undefined)]);
    });
    this.options.outbox?.committed();
    this.launch(stored, plan, new Map(), new Map());
    return publicExecution(stored);
  }

  async describeExecution(execution: PipelineExecutionArn | PipelineExecutionId): Promise<PipelineExecution> {
    return publicExecution(this.stored(execution));
  }

  async listExecutions(input: ListPipelineExecutionsInput = {}): Promise<PipelineExecution[]> {
    this.checkOpen();
    return this.store.executions(input.pipelineName, input.limit ?? 50).map(publicExecution);
  }

  async listExecutionSteps(execution: PipelineExecutionArn | PipelineExecutionId): Promise<PipelineExecutionStep[]> {
    const stored = this.stored(execution);
    const live = this.active.get(stored.id);
    // A running execution's progress is kept in memory between the throttled writes.
    const steps = this.store.steps(stored.id).map((s) => live?.steps.get(s.StepName) ?? s);
    return steps.map(publicStep);
  }

  async readStepLog(
    execution: PipelineExecutionArn | PipelineExecutionId,
    stepName: StepName,
    options: { attempt?: number; offset?: number } = {},
  ): Promise<StepLogRead> {
    const stored = this.stored(execution);
    const step = this.active.get(stored.id)?.steps.get(stepName) ?? this.store.steps(stored.id).find((s) => s.StepName === stepName);
    if (!step)
      throw new PipelineError('ResourceNotFound', `execution ${stored.id} has no step ${stepName} (not started, or not in the definition)`);
    const attempt = options.attempt ?? step.Log?.attempt;
    const file = attempt === undefined ? undefined : this.logFile(stored.id, stepName, attempt);
    if (attempt === undefined || !file || !fs.existsSync(file))
      throw new PipelineError(
        'ResourceNotFound',
        `step ${stepName} has no log${options.attempt !== undefined ? ` for attempt ${options.attempt}` : ''}`,
      );
    const size = fs.statSync(file).size;
    const offset = Math.min(Math.max(0, options.offset ?? 0), size);
    const complete = !(RUNNING.has(step.StepStatus) && step.Log?.attempt === attempt && this.active.has(stored.id));
    const stream = offset < size ? fs.createReadStream(file, { start: offset, end: size - 1 }) : Readable.from([]);
    return { attempt, size, complete, stream };
  }

  async stopExecution(execution: PipelineExecutionArn | PipelineExecutionId): Promise<PipelineExecution> {
    const stored = this.stored(execution);
    const active = this.active.get(stored.id);
    if (!active || stored.PipelineExecutionStatus !== 'Executing')
      throw new PipelineError(
        'ConflictException',
        `execution ${stored.id} is ${stored.PipelineExecutionStatus}: only an Executing one can be stopped`,
      );
    active.stopping = true;
    this.setStatus(active, 'Stopping');
    for (const child of active.processes.values()) {
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    }
    this.wakeSleepers();
    this.wakeWaiting();
    await active.done;
    return publicExecution(this.stored(stored.id));
  }

  onChange(listener: (change: PipelineChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    for (const active of this.active.values()) for (const child of active.processes.values()) child.kill('SIGKILL');
    this.wakeSleepers();
    this.wakeWaiting();
    await Promise.allSettled([...this.active.values()].map((a) => a.done));
    this.store.close();
    this.unlock();
  }

  // ---- running -------------------------------------------------------------------------------------------------

  private launch(stored: StoredExecution, plan: PipelinePlan, steps: Map<StepName, StoredStep>, resumed: Map<StepName, StoredStep>): void {
    const active: ActiveExecution = { stored, plan, steps, processes: new Map(), resumed, stopping: false, done: Promise.resolve() };
    this.active.set(stored.id, active);
    this.emit(active);
    active.done = this.drive(active)
      .catch((error: unknown) => {
        if (!this.closing) this.setStatus(active, 'Failed', `the runner failed: ${(error as Error).message}`);
      })
      .finally(() => {
        if (!this.closing) this.active.delete(stored.id);
      });
  }

  /** Starts each step once what it depends on has succeeded, until every step has run, been left out by a condition, or one failed. */
  private async drive(active: ActiveExecution): Promise<void> {
    const running = new Map<StepName, Promise<void>>();
    for (;;) {
      if (this.closing) {
        await Promise.allSettled(running.values());
        return;
      }
      const failed = [...active.steps.values()].find((s) => s.StepStatus === 'Failed');
      if (!active.stopping && !failed) {
        for (const planned of this.readySteps(active)) {
          if (running.has(planned.step.Name)) continue;
          running.set(
            planned.step.Name,
            this.runStep(active, planned).finally(() => running.delete(planned.step.Name)),
          );
        }
      }
      if (running.size === 0) {
        if (this.closing) return;
        if (active.stopping) this.setStatus(active, 'Stopped');
        else if (failed) this.setStatus(active, 'Failed', failureOf(active, failed));
        else this.setStatus(active, 'Succeeded');
        return;
      }
      await Promise.race(running.values());
    }
  }

  private readySteps(active: ActiveExecution): PlannedStep[] {
    const skipped = new Map<StepName, boolean>();
    const isSkipped = (name: StepName): boolean => {
      const known = skipped.get(name);
      if (known !== undefined) return known;
      const planned = active.plan.byName.get(name);
      let result = false;
      if (planned?.branch) {
        const condition = active.steps.get(planned.branch.condition);
        const outcome = condition?.StepStatus === 'Succeeded' ? condition.Metadata.Condition?.Outcome : undefined;
        if (outcome !== undefined && outcome !== planned.branch.outcome) result = true;
      }
      if (!result) result = (planned?.dependsOn ?? []).some(isSkipped);
      skipped.set(name, result);
      return result;
    };
    return active.plan.steps.filter(
      (planned) =>
        !active.steps.has(planned.step.Name) &&
        !isSkipped(planned.step.Name) &&
        planned.dependsOn.every((dep) => active.steps.get(dep)?.StepStatus === 'Succeeded'),
    );
  }

  private async runStep(active: ActiveExecution, planned: PlannedStep): Promise<void> {
    const { step: definition } = planned;
    const resumed = active.resumed.get(definition.Name);
    active.resumed.delete(definition.Name);
    let step: StoredStep = resumed ?? {
      StepName: definition.Name,
      StepType: definition.Type,
      StepStatus: 'Starting',
      StartTime: new Date().toISOString(),
      AttemptCount: 0,
      Metadata: {},
    };
    this.saveStep(active, step);
    try {
      const raw = definition.Type === 'Condition' ? { Conditions: definition.Arguments['Conditions'] } : definition.Arguments;
      let args: Record<string, Resolved>;
      try {
        args = objectOf(await resolveValue(raw, this.resolveContext(active)));
      } catch (error) {
        if (error instanceof ExpressionError) return this.finishStep(active, step, { StepStatus: 'Failed', FailureReason: error.message });
        throw error;
      }
      switch (definition.Type) {
        case 'Condition': {
          const outcome = evaluateConditions(args['Conditions'] ?? []) ? 'True' : 'False';
          return this.finishStep(active, step, {
            StepStatus: 'Succeeded',
            Metadata: { Condition: { Outcome: outcome } },
            properties: { Outcome: outcome },
          });
        }
        case 'Fail': {
          const message = String(args['ErrorMessage'] ?? '');
          return this.finishStep(active, step, {
            StepStatus: 'Failed',
            FailureReason: message,
            Metadata: { Fail: { ErrorMessage: message } },
          });
        }
        case 'RegisterModel': {
          step = { ...step, StepStatus: 'Executing', AttemptCount: 1 };
          this.saveStep(active, step);
          const arn = await registerModel(
            {
              registry: this.options.registry,
              store: this.objects,
              executionArn: active.stored.PipelineExecutionArn,
              executionId: active.stored.id,
              lineage: await this.lineage(active),
            },
            args,
          );
          return this.finishStep(active, step, {
            StepStatus: 'Succeeded',
            Metadata: { RegisterModel: { Arn: arn } },
            properties: { ModelPackageArn: arn },
          });
        }
        default:
          return await this.runJobStep(active, planned, step, args);
      }
    } catch (error) {
      if (this.closing) return;
      this.finishStep(active, step, { StepStatus: 'Failed', FailureReason: (error as Error).message });
    }
  }

  /** A Processing or Training step: from the cache, or attempts until one succeeds or the retry policy is spent. */
  private async runJobStep(
    active: ActiveExecution,
    planned: PlannedStep,
    first: StoredStep,
    args: Record<string, Resolved>,
  ): Promise<void> {
    const definition = planned.step;
    const training = definition.Type === 'Training';
    let step = first;
    let cacheKey: string | undefined;
    if (definition.CacheConfig?.Enabled) {
      const inputs = training ? trainingInputUris(args) : processingInputUris(args);
      const hashes: string[] = [];
      for (const uri of inputs) hashes.push(await this.objects.contentHash(uri));
      cacheKey = createHash('sha256')
        .update(canonicalJson({ type: definition.Type, args, inputs: hashes }))
        .digest('hex');
      const expireMs = definition.CacheConfig.ExpireAfter ? isoDurationMs(definition.CacheConfig.ExpireAfter) : Number.POSITIVE_INFINITY;
      const notBefore = Number.isFinite(expireMs) ? new Date(Date.now() - expireMs).toISOString() : '';
      const hit = this.store.cached(cacheKey, notBefore);
      // Reused only while its outputs still hold what it wrote (a later run may have rewritten a fixed prefix).
      if (hit?.step.properties && hit.step.outputsHash === (await this.outputsHash(hit.step.properties))) {
        return this.finishStep(active, step, {
          StepStatus: 'Succeeded',
          CacheHitResult: { SourcePipelineExecutionArn: hit.executionArn },
          Metadata: hit.step.Metadata,
          properties: hit.step.properties,
          cacheKey,
          outputsHash: hit.step.outputsHash,
        });
      }
    }
    const policy = definition.RetryPolicies?.find((p) => p.ExceptionType.includes(JOB_FAILURE_EXCEPTION));
    const allowed = 1 + (policy?.MaxAttempts ?? 0);
    const jobName = `pipelines-${active.stored.id}-${definition.Name}`.replace(/[^a-zA-Z0-9-]/g, '-').slice(0, 63);
    const jobArn = `arn:aws:sagemaker:local:000000000000:${training ? 'training' : 'processing'}-job/${jobName.toLowerCase()}`;
    for (;;) {
      const release = await this.acquireSlot(active);
      if (this.closing) return release();
      if (active.stopping) {
        release();
        return this.finishStep(active, step, { StepStatus: 'Stopped' });
      }
      const attempt = step.AttemptCount + 1;
      const mlRoot = this.mlRoot(active.stored.id, definition.Name);
      emptyKeepingCheckpoints(mlRoot);
      const logFile = this.logFile(active.stored.id, definition.Name, attempt);
      const { Progress: _progress, FailureReason: _reason, ...rest } = step;
      step = {
        ...rest,
        StepStatus: 'Executing',
        AttemptCount: attempt,
        Log: { attempt, location: logFile },
        Metadata: training ? { TrainingJob: { Arn: jobArn } } : { ProcessingJob: { Arn: jobArn } },
      };
      this.saveStep(active, step);
      const current = step;
      const context: JobContext = {
        store: this.objects,
        jobName,
        mlRoot,
        logFile,
        images: this.images,
        workspaceRoot: this.workspaceRoot,
        passEnv: this.options.passEnv ?? [],
        onProgress: (progress) => this.progress(active, current, progress),
        onProcess: (child) => {
          active.processes.set(definition.Name, child);
          current.pid = child.pid;
          this.saveStep(active, current);
        },
      };
      let result: JobResult;
      try {
        result = training ? await runTrainingJob(context, args) : await runProcessingJob(context, args);
      } catch (error) {
        result = { ok: false, reason: (error as Error).message };
      } finally {
        release();
        active.processes.delete(definition.Name);
      }
      // Closing leaves the step Executing: the next runner resumes it.
      if (this.closing) return;
      step = { ...current, pid: undefined };
      if (active.stopping) return this.finishStep(active, step, { StepStatus: 'Stopped' });
      if (result.ok)
        return this.finishStep(active, step, {
          StepStatus: 'Succeeded',
          properties: result.properties,
          cacheKey,
          outputsHash: await this.outputsHash(result.properties),
        });
      if (attempt >= allowed) return this.finishStep(active, step, { StepStatus: 'Failed', FailureReason: result.reason });
      const waitMs =
        (policy?.IntervalSeconds ?? 1) * 1000 * (policy?.BackoffRate ?? 2) ** (attempt - 1) * (this.options.retryIntervalScale ?? 1);
      fs.appendFileSync(
        logFile,
        `[runner] attempt ${attempt} failed (${JOB_FAILURE_EXCEPTION}): ${result.reason}; retrying in ${waitMs / 1000} s\n`,
      );
      step = { ...step, FailureReason: result.reason };
      this.saveStep(active, step);
      await this.sleep(waitMs);
    }
  }

  private finishStep(active: ActiveExecution, step: StoredStep, change: Partial<StoredStep>): void {
    const { pid: _pid, ...rest } = step;
    this.saveStep(active, { ...rest, ...change, EndTime: new Date().toISOString() });
  }

  private saveStep(active: ActiveExecution, step: StoredStep): void {
    if (this.closing) return;
    active.steps.set(step.StepName, step);
    this.store.saveStep(active.stored.id, step);
    this.progressSaved.set(`${active.stored.id}/${step.StepName}`, Date.now());
    this.emit(active, step);
  }

  private progress(active: ActiveExecution, step: StoredStep, progress: StepProgress): void {
    if (this.closing) return;
    step.Progress = progress;
    const key = `${active.stored.id}/${step.StepName}`;
    // Progress can come many times a second: kept in memory at once, written at most once a second.
    if (Date.now() - (this.progressSaved.get(key) ?? 0) >= PROGRESS_SAVE_MS) {
      this.store.saveStep(active.stored.id, step);
      this.progressSaved.set(key, Date.now());
    }
    this.emit(active, step);
  }

  private setStatus(active: ActiveExecution, status: PipelineExecutionStatus, failureReason?: string): void {
    active.stored = this.changeStatus(active.stored.id, status, failureReason) ?? active.stored;
    this.emit(active);
  }

  /** Sets an execution's status and, when it changed, appends the status change event in the same transaction. */
  private changeStatus(id: PipelineExecutionId, status: PipelineExecutionStatus, failureReason?: string): StoredExecution | undefined {
    const { outbox } = this.options;
    const after = this.store.transaction(() => {
      const before = this.store.execution(id)?.PipelineExecutionStatus;
      this.store.setExecutionStatus(id, status, failureReason);
      const changed = this.store.execution(id);
      if (outbox && changed && before !== status) outbox.append(this.store.database, [executionStatusChange(changed, before)]);
      return changed;
    });
    outbox?.committed();
    return after;
  }

  private emit(active: ActiveExecution, step?: StoredStep): void {
    const change: PipelineChange = { execution: publicExecution(active.stored), ...(step && { step: publicStep(step) }) };
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch {
        // A listener's failure is its own.
      }
    }
  }

  private resolveContext(active: ActiveExecution): ResolveContext {
    const { stored } = active;
    const succeeded = (name: string) => {
      const step = active.steps.get(name);
      return step?.StepStatus === 'Succeeded' ? step.properties : undefined;
    };
    return {
      parameters: stored.parameterValues,
      execution: {
        PipelineExecutionId: stored.id,
        PipelineExecutionArn: stored.PipelineExecutionArn,
        PipelineName: stored.pipelineName,
        PipelineArn: stored.PipelineArn,
        StartDateTime: stored.CreationTime,
        CurrentDateTime: new Date().toISOString(),
      },
      stepProperties: succeeded,
      propertyFileUri: (stepName, fileName) => {
        const file = active.plan.byName.get(stepName)?.step.PropertyFiles?.find((f) => f.PropertyFileName === fileName);
        if (!file) throw new ExpressionError(`step ${stepName} has no property file ${fileName}`);
        const properties = succeeded(stepName);
        if (!properties) throw new ExpressionError(`step ${stepName} has not succeeded: its property file ${fileName} is not there`);
        const uri = walk(properties, `ProcessingOutputConfig.Outputs['${file.OutputName}'].S3Output.S3Uri`);
        if (typeof uri !== 'string') throw new ExpressionError(`step ${stepName} has no output ${file.OutputName}`);
        return `${uri.replace(/\/+$/, '')}/${file.FilePath.replace(/^\/+/, '')}`;
      },
      readJson: async (uri) => JSON.parse((await this.objects.getObject(uri)).toString('utf8')) as unknown,
    };
  }

  /** What a registered model records of where it came from: the dataset snapshot, the training job, the code. */
  private async lineage(active: ActiveExecution): Promise<ModelLineage> {
    const lineage: ModelLineage = {};
    for (const step of active.steps.values()) {
      if (step.StepStatus !== 'Succeeded' || !step.properties) continue;
      if (step.StepType === 'Training' && !lineage.trainingJob) lineage.trainingJob = String(step.properties['TrainingJobName']);
      const snapshot = walk(step.properties, `ProcessingOutputConfig.Outputs['snapshot'].S3Output.S3Uri`);
      if (typeof snapshot === 'string' && !lineage.datasetSnapshotUri) {
        lineage.datasetSnapshotUri = snapshot;
        lineage.datasetSnapshotHash = await this.snapshotHash(snapshot);
      }
    }
    const code = this.gitHead();
    if (code) lineage.codeVersion = code;
    return lineage;
  }

  /** The snapshot's own `contentHash` (preprocess records it in a JSON file) or, failing that, the content hash of the prefix. */
  private async snapshotHash(uri: string): Promise<string> {
    const local = this.objects.pathOf(uri);
    for (const file of listFiles(local).filter((f) => f.endsWith('.json'))) {
      try {
        const hash = (JSON.parse(fs.readFileSync(path.join(local, file), 'utf8')) as { contentHash?: unknown }).contentHash;
        if (typeof hash === 'string') return hash;
      } catch {
        // Not the snapshot's JSON.
      }
    }
    return this.objects.contentHash(uri);
  }

  private gitHead(): string | undefined {
    if (this.codeVersion === undefined) {
      try {
        this.codeVersion = execFileSync('git', ['rev-parse', 'HEAD'], {
          cwd: this.workspaceRoot,
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'ignore'],
        }).trim();
      } catch {
        this.codeVersion = '';
      }
    }
    return this.codeVersion || undefined;
  }

  /** The content hash of everything a job step wrote (its processing outputs, its model artifact). */
  private async outputsHash(properties: Record<string, unknown>): Promise<string> {
    const outputs = Object.values(objectOf(walk(properties, 'ProcessingOutputConfig.Outputs') as Resolved)).map((o) =>
      String(walk(o, 'S3Output.S3Uri')),
    );
    const model = walk(properties, 'ModelArtifacts.S3ModelArtifacts');
    const hash = createHash('sha256');
    for (const uri of [...outputs, ...(typeof model === 'string' ? [model] : [])])
      hash.update(`${uri}\0${await this.objects.contentHash(uri)}\0`);
    return hash.digest('hex');
  }

  // ---- restart -------------------------------------------------------------------------------------------------

  /**
   * Executions a previous process left Executing go on: a step whose process is gone (or is killed
   * here, if it still runs unsupervised) counts as a failed attempt (SageMaker.JOB_INTERNAL_ERROR),
   * and runs again as the next attempt when its retry policy allows one, else fails with "interrupted
   * by a restart". Steps without a process (Condition, RegisterModel) run again. Stopping ones end Stopped.
   */
  private recover(): void {
    for (const stored of this.store.unfinished()) {
      const steps = new Map(this.store.steps(stored.id).map((s) => [s.StepName, s] as const));
      const resumed = new Map<StepName, StoredStep>();
      let plan: PipelinePlan;
      try {
        plan = planPipeline(stored.definition);
      } catch (error) {
        this.changeStatus(stored.id, 'Failed', `cannot resume: ${(error as Error).message}`);
        continue;
      }
      for (const step of steps.values()) {
        if (!RUNNING.has(step.StepStatus)) continue;
        const ended = endOrphans(step.pid, this.mlRoot(stored.id, step.StepName));
        // Whoever reads the attempt's log learns whether it was still running unsupervised.
        if (ended > 0 && step.Log)
          fs.appendFileSync(
            step.Log.location,
            `[runner] killed ${ended} process(es) of this attempt that ran on after the runner stopped\n`,
          );
        const { pid: _pid, ...rest } = step;
        const now = new Date().toISOString();
        if (stored.PipelineExecutionStatus === 'Stopping') {
          this.store.saveStep(stored.id, { ...rest, StepStatus: 'Stopped', EndTime: now });
          continue;
        }
        const definition = plan.byName.get(step.StepName)?.step;
        const isJob = step.StepType === 'Processing' || step.StepType === 'Training';
        const policy = definition?.RetryPolicies?.find((p) => p.ExceptionType.includes(JOB_FAILURE_EXCEPTION));
        const allowed = 1 + (policy?.MaxAttempts ?? 0);
        if (isJob && step.AttemptCount >= allowed) {
          const failed: StoredStep = {
            ...rest,
            StepStatus: 'Failed',
            EndTime: now,
            FailureReason: `interrupted by a restart (attempt ${step.AttemptCount} of ${allowed})`,
          };
          this.store.saveStep(stored.id, failed);
          steps.set(step.StepName, failed);
          continue;
        }
        if (isJob && step.Log)
          fs.appendFileSync(step.Log.location, `[runner] interrupted by a restart; resumed as attempt ${step.AttemptCount + 1}\n`);
        steps.delete(step.StepName);
        if (isJob) resumed.set(step.StepName, { ...rest, StepStatus: 'Starting', FailureReason: 'interrupted by a restart' });
      }
      if (stored.PipelineExecutionStatus === 'Stopping') {
        this.changeStatus(stored.id, 'Stopped');
        continue;
      }
      this.launch(stored, plan, steps, resumed);
    }
  }

  // ---- plumbing ------------------------------------------------------------------------------------------------

  private stored(execution: string): StoredExecution {
    this.checkOpen();
    const id = execution.includes('/execution/') ? execution.slice(execution.lastIndexOf('/') + 1) : execution;
    const found = this.active.get(id)?.stored ?? this.store.execution(id);
    if (!found) throw new PipelineError('ResourceNotFound', `no pipeline execution ${execution}`);
    return found;
  }

  private stepDir(id: PipelineExecutionId, step: StepName): string {
    return path.join(pipelinesDir(this.options.dataDir), 'executions', id, 'steps', step);
  }

  private mlRoot(id: PipelineExecutionId, step: StepName): string {
    return path.join(this.stepDir(id, step), 'ml');
  }

  private logFile(id: PipelineExecutionId, step: StepName, attempt: number): string {
    return path.join(this.stepDir(id, step), 'logs', `attempt-${attempt}.log`);
  }

  /** Waits for one of the `concurrency` process slots (shared by every execution). */
  private async acquireSlot(active: ActiveExecution): Promise<() => void> {
    while (this.runningProcesses >= this.concurrency && !this.closing && !active.stopping) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.runningProcesses += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.runningProcesses -= 1;
      this.waiting.shift()?.();
    };
  }

  private wakeWaiting(): void {
    for (const wake of this.waiting.splice(0)) wake();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.sleepers.add(done);
    });
  }

  private wakeSleepers(): void {
    for (const wake of [...this.sleepers]) wake();
  }

  private checkOpen(): void {
    if (this.closing) throw new PipelineError('ConflictException', 'the pipeline runner is closed');
  }

  private lockFile(): string {
    return path.join(pipelinesDir(this.options.dataDir), 'runner.pid');
  }

  /**
   * One runner per data directory: a second would take the first one's running steps for interrupted
   * ones. The lock names the holder's pid and start time, so a pid reused after a restart (the API as
   * pid 1 in a container, say) is not taken for a live holder.
   */
  private lock(): void {
    const file = this.lockFile();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const holder = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : '';
    const [pid] = holder.split(' ').map(Number);
    if (pid && pid !== process.pid && processIdentity(pid) === holder)
      throw new PipelineError('ConflictException', `another pipeline runner (pid ${pid}) uses ${path.dirname(file)}`);
    fs.writeFileSync(file, processIdentity(process.pid) ?? String(process.pid));
  }

  private unlock(): void {
    const file = this.lockFile();
    if (fs.existsSync(file) && Number(fs.readFileSync(file, 'utf8').split(' ')[0]) === process.pid) fs.rmSync(file);
  }
}

/**
 * Empties a step's /opt/ml for its next attempt, except /opt/ml/checkpoints: SageMaker syncs that
 * folder to the checkpoint URI while a job runs, so an attempt after a failure or a restart finds
 * its predecessor's checkpoints (here they are only uploaded when a process ends).
 */
function emptyKeepingCheckpoints(mlRoot: string): void {
  const checkpoints = path.join(mlRoot, 'checkpoints');
  const kept = `${mlRoot}.checkpoints`;
  fs.rmSync(kept, { recursive: true, force: true });
  if (fs.existsSync(checkpoints)) fs.renameSync(checkpoints, kept);
  fs.rmSync(mlRoot, { recursive: true, force: true });
  fs.mkdirSync(mlRoot, { recursive: true });
  if (fs.existsSync(kept)) fs.renameSync(kept, checkpoints);
}

/** The definition's parameters with the overrides applied, typed as declared. */
function resolveParameters(
  plan: PipelinePlan,
  overrides: Record<string, string | number | boolean>,
): Record<string, string | number | boolean> {
  const declared = new Map(plan.parameters.map((p) => [p.Name, p] as const));
  for (const name of Object.keys(overrides))
    if (!declared.has(name)) throw new PipelineError('ValidationException', `the pipeline has no parameter ${name}`);
  const out: Record<string, string | number | boolean> = {};
  for (const parameter of plan.parameters) {
    const raw = overrides[parameter.Name] ?? parameter.DefaultValue;
    if (raw === undefined) throw new PipelineError('ValidationException', `parameter ${parameter.Name} has no default: give it a value`);
    out[parameter.Name] = typed(parameter.Name, parameter.Type, raw);
  }
  return out;
}

function typed(name: string, type: string, raw: string | number | boolean): string | number | boolean {
  const bad = () =>
    new PipelineError('ValidationException', `parameter ${name} is ${JSON.stringify(raw)}, not a${type === 'Integer' ? 'n' : ''} ${type}`);
  switch (type) {
    case 'Integer': {
      const n = Number(raw);
      if (typeof raw === 'boolean' || !Number.isInteger(n)) throw bad();
      return n;
    }
    case 'Float': {
      const n = Number(raw);
      if (typeof raw === 'boolean' || raw === '' || !Number.isFinite(n)) throw bad();
      return n;
    }
    case 'Boolean':
      if (raw === true || raw === 'true') return true;
      if (raw === false || raw === 'false') return false;
      throw bad();
    default:
      return String(raw);
  }
}

function failureOf(active: ActiveExecution, failed: StoredStep): string {
  if (failed.StepType === 'Fail') return failed.FailureReason ?? 'a Fail step ran';
  return `step ${failed.StepName} failed${failed.AttemptCount > 1 ? ` after ${failed.AttemptCount} attempts` : ''}: ${failed.FailureReason ?? 'no reason given'}`;
}

function publicExecution(stored: StoredExecution): PipelineExecution {
  const { id: _id, pipelineName: _name, definition: _definition, parameterValues: _values, ...execution } = stored;
  return execution;
}

function publicStep(step: StoredStep): PipelineExecutionStep {
  const { properties: _properties, cacheKey: _cacheKey, pid: _pid, ...rest } = step;
  return rest;
}

function randomId(): PipelineExecutionId {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(12)].map((b) => alphabet[b % alphabet.length]).join('');
}

/**
 * Kills what a previous runner left running of a step: the recorded process group, and every process
 * still working in the step's /opt/ml (a leader that died of its broken pipe may leave children; a pid
 * may never have been recorded). Waits (up to 2 s) until they are gone, so the folder can be emptied
 * for the next attempt. Answers how many it found.
 */
function endOrphans(pid: number | undefined, mlRoot: string): number {
  const alive = () => new Set([...(pid !== undefined && isStepProcessAlive(pid, mlRoot) ? [pid] : []), ...stepProcessesOf(mlRoot)]);
  const found = alive().size;
  if (found === 0) return 0;
  if (pid !== undefined) killGroup(pid, 'SIGKILL');
  for (const orphan of stepProcessesOf(mlRoot)) {
    killGroup(orphan, 'SIGKILL');
    try {
      process.kill(orphan, 'SIGKILL');
    } catch {
      // Gone already.
    }
  }
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let i = 0; i < 200 && alive().size > 0; i++) Atomics.wait(pause, 0, 0, 10);
  return found;
}

/** `<pid> <start time>` of a live process (Linux: /proc/<pid>/stat's starttime; elsewhere the pid alone), undefined when it is gone. */
function processIdentity(pid: number): string | undefined {
  try {
    process.kill(pid, 0);
  } catch {
    return undefined;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command (which may hold spaces) start at its closing parenthesis; starttime is field 22.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return `${pid} ${fields[19]}`;
  } catch {
    return String(pid);
  }
}
