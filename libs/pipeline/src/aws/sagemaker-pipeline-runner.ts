import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import {
  PipelineError,
  type ListPipelineExecutionsInput,
  type PipelineChange,
  type PipelineExecution,
  type PipelineExecutionArn,
  type PipelineExecutionId,
  type PipelineExecutionStatus,
  type PipelineExecutionStep,
  type PipelineParameter,
  type PipelineRunner,
  type StartPipelineExecutionInput,
  type StepLogRead,
  type StepName,
} from '../pipeline-runner';
import { readJobLog } from './cloudwatch-job-log';
import { definitionParameterNames, definitionSteps } from './definition-steps';
import { ExecutionPoller } from './execution-poller';
import { pipelineErrorFrom, sagemakerCall } from './sagemaker-pipeline-errors';
import { jobLogOf, portStep } from './sagemaker-step-shapes';
import { sagemakerSdk } from './sagemaker-sdk';
import { mapLimited } from '@triage/platform';
import { canonicalJson } from '../definition/canonical-json';

/** Options for {@link SageMakerPipelineRunner}: clients and names are given, never read from the environment. */
export interface SageMakerPipelineRunnerOptions {
  sagemaker: SageMakerClient;
  logs: CloudWatchLogsClient;
  /** The role CreatePipeline/UpdatePipeline give the pipeline (`TRIAGE_PIPELINE_ROLE_ARN`). */
  roleArn: string;
  /** The pipeline an execution id (not an ARN) and an unnarrowed listing refer to (`triage-<env>-pipeline`). */
  pipelineName: string;
  /** How often `onChange` polls while it has listeners (default 15 s). */
  pollIntervalMs?: number;
  /**
   * Who owns the pipeline's definition. `runner` (default): `startExecution` creates the pipeline, or updates it when
   * its definition or role differ, before starting. `deployed`: CloudFormation owns it (the ml stack's CfnPipeline),
   * so the runner never writes it (an UpdatePipeline would be drift the next deploy undoes): it starts the deployed
   * pipeline, and refuses with a ConflictException when the definition given differs from the deployed one.
   */
  definition?: 'runner' | 'deployed';
}

const RUNNING_STEP = new Set(['Starting', 'Executing', 'Stopping']);
const PIPELINE_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,255}$/;
// The last line of an execution's description says who started it: SageMaker's CreatedBy is the caller's IAM identity.
const CREATED_BY = /\n?triage:createdBy=(.*)$/;
// DescribePipelineExecution and friends in flight at once while listing (SageMaker throttles bursts).
const DESCRIBE_CONCURRENCY = 4;

/**
 * The pipeline runner on SageMaker Pipelines. `startExecution` upserts the pipeline with the
 * compiled definition (DescribePipeline, then UpdatePipeline when the definition or role differ,
 * CreatePipeline when there is none) and starts it (StartPipelineExecution with the overrides as
 * PipelineParameters); the rest are SageMaker's calls one for one, the step names from the
 * definition the execution ran (DescribePipelineDefinitionForExecution), step logs from CloudWatch
 * Logs. SageMaker runs the steps: there is no step progress and nothing to kill on close.
 *
 * On AWS, status changes arrive as EventBridge events (`SageMaker Model Building Pipeline Execution
 * Status Change`, routed by CDK); `onChange` is for a process that watches (the API's live view): it
 * polls the pipeline's executions while it has listeners.
 */
export class SageMakerPipelineRunner implements PipelineRunner {
  private readonly sagemaker: SageMakerClient;
  // What an execution ran never changes: its definition and parameters are read once.
  private readonly definitions = new Map<string, { names: StepName[]; types: Map<string, string> }>();
  private readonly parameterValues = new Map<string, PipelineParameter[]>();
  private readonly poller: ExecutionPoller;
  private pipelineArn?: string;
  private closed = false;

  constructor(private readonly options: SageMakerPipelineRunnerOptions) {
    this.sagemaker = options.sagemaker;
    this.poller = new ExecutionPoller({
      intervalMs: options.pollIntervalMs ?? 15_000,
      executions: () => this.listExecutions({ limit: 10 }),
      steps: (execution) => this.listExecutionSteps(execution.PipelineExecutionArn),
    });
  }

  async startExecution(input: StartPipelineExecutionInput): Promise<PipelineExecution> {
    this.checkOpen();
    if (!PIPELINE_NAME.test(input.pipelineName))
      throw new PipelineError(
        'ValidationException',
        `pipeline name ${JSON.stringify(input.pipelineName)} is not [a-zA-Z0-9](-*[a-zA-Z0-9])*`,
      );
    const text = typeof input.definition === 'string' ? input.definition : JSON.stringify(input.definition);
    definitionSteps(text);
    const declared = new Set(definitionParameterNames(text));
    for (const name of Object.keys(input.parameters ?? {}))
      if (!declared.has(name)) throw new PipelineError('ValidationException', `the pipeline has no parameter ${name}`);
    await this.upsertPipeline(input.pipelineName, text);
    const description = [input.description, `triage:createdBy=${input.createdBy}`].filter((s) => s !== undefined).join('\n');
    const started = await sagemakerCall(async () =>
      this.sagemaker.send(
        new (await sagemakerSdk()).StartPipelineExecutionCommand({
          PipelineName: input.pipelineName,
          PipelineParameters: Object.entries(input.parameters ?? {}).map(([Name, value]) => ({ Name, Value: String(value) })),
          ...(input.displayName !== undefined && { PipelineExecutionDisplayName: input.displayName }),
          PipelineExecutionDescription: description,
          ClientRequestToken: randomUUID(),
        }),
      ),
    );
    const execution = await this.describeExecution(started.PipelineExecutionArn as PipelineExecutionArn);
    this.poller.started(execution);
    return execution;
  }

  async describeExecution(execution: PipelineExecutionArn | PipelineExecutionId): Promise<PipelineExecution> {
    this.checkOpen();
    const arn = await this.arnOf(execution);
    const described = await sagemakerCall(async () =>
      this.sagemaker.send(new (await sagemakerSdk()).DescribePipelineExecutionCommand({ PipelineExecutionArn: arn })),
    );
    const [parameters, definition] = await Promise.all([this.parameters(arn), this.definition(arn)]);
    const fullDescription = described.PipelineExecutionDescription ?? '';
    const createdBy = CREATED_BY.exec(fullDescription)?.[1];
    const ownDescription = fullDescription.replace(CREATED_BY, '');
    return {
      PipelineArn: described.PipelineArn ?? '',
      PipelineExecutionArn: arn,
      ...(described.PipelineExecutionDisplayName !== undefined && { PipelineExecutionDisplayName: described.PipelineExecutionDisplayName }),
      ...(ownDescription !== '' && { PipelineExecutionDescription: ownDescription }),
      PipelineExecutionStatus: (described.PipelineExecutionStatus ?? 'Executing') as PipelineExecutionStatus,
      CreationTime: (described.CreationTime ?? new Date(0)).toISOString(),
      LastModifiedTime: (described.LastModifiedTime ?? described.CreationTime ?? new Date(0)).toISOString(),
      ...(described.FailureReason !== undefined && { FailureReason: described.FailureReason }),
      CreatedBy: createdBy ?? described.CreatedBy?.UserProfileName ?? described.CreatedBy?.IamIdentity?.Arn ?? 'unknown',
      PipelineParameters: parameters,
      StepNames: definition.names,
    };
  }

  async listExecutions(input: ListPipelineExecutionsInput = {}): Promise<PipelineExecution[]> {
    this.checkOpen();
    const limit = input.limit ?? 50;
    const arns: PipelineExecutionArn[] = [];
    let token: string | undefined;
    do {
      const page = await sagemakerCall(async () =>
        this.sagemaker.send(
          new (await sagemakerSdk()).ListPipelineExecutionsCommand({
            PipelineName: input.pipelineName ?? this.options.pipelineName,
            SortBy: 'CreationTime',
            SortOrder: 'Descending',
            MaxResults: Math.min(100, limit - arns.length),
            ...(token && { NextToken: token }),
          }),
        ),
      );
      for (const summary of page.PipelineExecutionSummaries ?? [])
        if (arns.length < limit && summary.PipelineExecutionArn) arns.push(summary.PipelineExecutionArn);
      token = page.NextToken;
    } while (token && arns.length < limit);
    // The summaries lack the parameters, the creator and the step names: each execution is described.
    return mapLimited(arns, DESCRIBE_CONCURRENCY, (arn) => this.describeExecution(arn));
  }

  async listExecutionSteps(execution: PipelineExecutionArn | PipelineExecutionId): Promise<PipelineExecutionStep[]> {
    this.checkOpen();
    const arn = await this.arnOf(execution);
    const definition = await this.definition(arn);
    const steps: PipelineExecutionStep[] = [];
    let token: string | undefined;
    do {
      const page = await sagemakerCall(async () =>
        this.sagemaker.send(
          new (await sagemakerSdk()).ListPipelineExecutionStepsCommand({
            PipelineExecutionArn: arn,
            SortOrder: 'Ascending',
            ...(token && { NextToken: token }),
          }),
        ),
      );
      for (const step of page.PipelineExecutionSteps ?? []) steps.push(portStep(step, (name) => definition.types.get(name)));
      token = page.NextToken;
    } while (token);
    return steps;
  }

  /**
   * The step's job log from CloudWatch Logs (see `readJobLog` for what `offset` counts). Only the
   * latest attempt's job is named in the step's Metadata, so an earlier attempt is ResourceNotFound;
   * a step that runs no job (Condition, RegisterModel, Fail) has no log.
   */
  async readStepLog(
    execution: PipelineExecutionArn | PipelineExecutionId,
    stepName: StepName,
    options: { attempt?: number; offset?: number } = {},
  ): Promise<StepLogRead> {
    const steps = await this.listExecutionSteps(execution);
    const step = steps.find((s) => s.StepName === stepName);
    if (!step)
      throw new PipelineError('ResourceNotFound', `execution ${execution} has no step ${stepName} (not started, or not in the definition)`);
    const log = jobLogOf(step.Metadata);
    if (!log) throw new PipelineError('ResourceNotFound', `step ${stepName} has no log (${step.StepType} steps run no job)`);
    if (options.attempt !== undefined && options.attempt !== step.AttemptCount)
      throw new PipelineError(
        'ResourceNotFound',
        `step ${stepName} has no log for attempt ${options.attempt}: SageMaker names only the latest attempt's job`,
      );
    const read = await readJobLog(this.options.logs, log, Math.max(0, options.offset ?? 0));
    return {
      attempt: step.AttemptCount,
      size: read.size,
      complete: !RUNNING_STEP.has(step.StepStatus),
      stream: Readable.from(read.chunks),
    };
  }

  /** StopPipelineExecution; answers as SageMaker then says (Stopping: SageMaker stops the running jobs, then the execution is Stopped). */
  async stopExecution(execution: PipelineExecutionArn | PipelineExecutionId): Promise<PipelineExecution> {
    const described = await this.describeExecution(execution);
    if (described.PipelineExecutionStatus !== 'Executing')
      throw new PipelineError(
        'ConflictException',
        `execution ${described.PipelineExecutionArn} is ${described.PipelineExecutionStatus}: only an Executing one can be stopped`,
      );
    await sagemakerCall(async () =>
      this.sagemaker.send(
        new (await sagemakerSdk()).StopPipelineExecutionCommand({
          PipelineExecutionArn: described.PipelineExecutionArn,
          ClientRequestToken: randomUUID(),
        }),
      ),
    );
    return this.describeExecution(described.PipelineExecutionArn);
  }

  onChange(listener: (change: PipelineChange) => void): () => void {
    return this.poller.add(listener);
  }

  /** Polls once now (what the timer does every interval): a test, or a handler that got a status change event, calls it. */
  async refresh(): Promise<void> {
    await this.poller.poll();
  }

  /** Stops polling; the clients are the caller's, and the executions run on in SageMaker. */
  async close(): Promise<void> {
    this.closed = true;
    await this.poller.close();
  }

  /** DescribePipeline, then UpdatePipeline when the definition or the role differ, or CreatePipeline when there is none. */
  private async upsertPipeline(name: string, definition: string): Promise<void> {
    let current: { PipelineDefinition?: string; RoleArn?: string } | undefined;
    try {
      current = await this.sagemaker.send(new (await sagemakerSdk()).DescribePipelineCommand({ PipelineName: name }));
    } catch (error) {
      const mapped = pipelineErrorFrom(error);
      if (!(mapped instanceof PipelineError && mapped.code === 'ResourceNotFound')) throw mapped;
    }
    const same = current !== undefined && sameJson(current.PipelineDefinition, definition);
    if (this.options.definition === 'deployed') {
      if (!current) throw new PipelineError('ResourceNotFound', `pipeline ${name} is not deployed: deploy the ml stack first`);
      if (!same)
        throw new PipelineError(
          'ConflictException',
          `pipeline ${name} as deployed runs another definition than the one compiled here: deploy the ml stack, or start with the deployed one`,
        );
      return;
    }
    if (current) {
      if (same && current.RoleArn === this.options.roleArn) return;
      await sagemakerCall(async () =>
        this.sagemaker.send(
          new (await sagemakerSdk()).UpdatePipelineCommand({
            PipelineName: name,
            PipelineDefinition: definition,
            RoleArn: this.options.roleArn,
          }),
        ),
      );
      return;
    }
    // The token makes a retried create (or two processes creating the same definition) one pipeline.
    const token = createHash('sha256').update(`${name}\n${this.options.roleArn}\n${definition}`).digest('hex');
    await sagemakerCall(async () =>
      this.sagemaker.send(
        new (await sagemakerSdk()).CreatePipelineCommand({
          PipelineName: name,
          PipelineDefinition: definition,
          RoleArn: this.options.roleArn,
          ClientRequestToken: token,
        }),
      ),
    );
  }

  private async parameters(arn: PipelineExecutionArn): Promise<PipelineParameter[]> {
    const known = this.parameterValues.get(arn);
    if (known) return known.map((p) => ({ ...p }));
    const out: PipelineParameter[] = [];
    let token: string | undefined;
    do {
      const page = await sagemakerCall(async () =>
        this.sagemaker.send(
          new (await sagemakerSdk()).ListPipelineParametersForExecutionCommand({
            PipelineExecutionArn: arn,
            ...(token && { NextToken: token }),
          }),
        ),
      );
      for (const p of page.PipelineParameters ?? []) out.push({ Name: p.Name ?? '', Value: p.Value ?? '' });
      token = page.NextToken;
    } while (token);
    this.parameterValues.set(arn, out);
    return out.map((p) => ({ ...p }));
  }

  /** The definition an execution ran (an execution's never changes: kept once read). */
  private async definition(arn: PipelineExecutionArn): Promise<{ names: StepName[]; types: Map<string, string> }> {
    const known = this.definitions.get(arn);
    if (known) return known;
    const answer = await sagemakerCall(async () =>
      this.sagemaker.send(new (await sagemakerSdk()).DescribePipelineDefinitionForExecutionCommand({ PipelineExecutionArn: arn })),
    );
    const steps = definitionSteps(answer.PipelineDefinition ?? '{"Steps":[]}');
    const read = { names: steps.map((s) => s.name), types: new Map(steps.map((s) => [s.name, s.type] as const)) };
    this.definitions.set(arn, read);
    return read;
  }

  /** An execution's ARN: as given, or the runner's pipeline's ARN with `/execution/<id>`. */
  private async arnOf(execution: string): Promise<PipelineExecutionArn> {
    if (execution.includes('/execution/')) return execution;
    if (!/^[a-z0-9]{1,64}$/i.test(execution))
      throw new PipelineError('ValidationException', `${JSON.stringify(execution)} is not an execution ARN or id`);
    if (!this.pipelineArn) {
      const described = await sagemakerCall(async () =>
        this.sagemaker.send(new (await sagemakerSdk()).DescribePipelineCommand({ PipelineName: this.options.pipelineName })),
      );
      this.pipelineArn = described.PipelineArn;
    }
    return `${this.pipelineArn}/execution/${execution}`;
  }

  private checkOpen(): void {
    if (this.closed) throw new Error('the pipeline runner is closed');
  }
}

/** Whether two definitions are the same JSON, whatever their spacing and key order. */
function sameJson(a: string | undefined, b: string): boolean {
  if (a === undefined) return false;
  try {
    return canonicalJson(JSON.parse(a)) === canonicalJson(JSON.parse(b));
  } catch {
    return a === b;
  }
}
