import type {
  PipelineExecution,
  PipelineExecutionStatus,
  PipelineExecutionStep,
  PipelineRunner,
  StartPipelineExecutionInput,
} from '@triage/pipeline';

/**
 * A FAKE PipelineRunner for the handler specs: executions are rows that stay Executing until the spec ends them
 * (`finish`), steps are what the spec says; every call yields to the event loop first, as the real runner's I/O does, so
 * two callers at once really interleave. What it proves is the handlers' policy, not the runner (libs/pipeline's specs do).
 */
export class FakePipelineRunner implements PipelineRunner {
  readonly started: StartPipelineExecutionInput[] = [];
  private readonly executions = new Map<string, PipelineExecution>();
  private readonly steps = new Map<string, PipelineExecutionStep[]>();
  private failNext?: Error;
  private clock = 0;

  /** The next startExecution rejects with `error`. */
  failNextStart(error: Error): void {
    this.failNext = error;
  }

  async startExecution(input: StartPipelineExecutionInput): Promise<PipelineExecution> {
    await tick();
    if (this.failNext) {
      const error = this.failNext;
      this.failNext = undefined;
      throw error;
    }
    this.started.push(input);
    const id = `run${this.started.length}`;
    const at = this.time();
    const execution: PipelineExecution = {
      PipelineArn: `arn:aws:sagemaker:local:000000000000:pipeline/${input.pipelineName}`,
      PipelineExecutionArn: `arn:aws:sagemaker:local:000000000000:pipeline/${input.pipelineName}/execution/${id}`,
      PipelineExecutionStatus: 'Executing',
      CreationTime: at,
      LastModifiedTime: at,
      CreatedBy: input.createdBy,
      PipelineParameters: Object.entries(input.parameters ?? {}).map(([Name, Value]) => ({ Name, Value: String(Value) })),
      StepNames: [],
    };
    this.executions.set(execution.PipelineExecutionArn, execution);
    return { ...execution };
  }

  /** Ends an execution with `status` (and the steps it ran). */
  finish(arn: string, status: PipelineExecutionStatus, options: { steps?: PipelineExecutionStep[]; failureReason?: string } = {}): void {
    const execution = this.get(arn);
    this.executions.set(arn, {
      ...execution,
      PipelineExecutionStatus: status,
      LastModifiedTime: this.time(),
      ...(options.failureReason !== undefined && { FailureReason: options.failureReason }),
    });
    this.steps.set(arn, options.steps ?? []);
  }

  async describeExecution(arn: string): Promise<PipelineExecution> {
    await tick();
    return { ...this.get(arn) };
  }

  async listExecutions(input: { pipelineName?: string; limit?: number } = {}): Promise<PipelineExecution[]> {
    await tick();
    return [...this.executions.values()]
      .filter((e) => input.pipelineName === undefined || e.PipelineArn.endsWith(`/${input.pipelineName}`))
      .reverse()
      .slice(0, input.limit ?? 50);
  }

  async listExecutionSteps(arn: string): Promise<PipelineExecutionStep[]> {
    await tick();
    this.get(arn);
    return this.steps.get(arn) ?? [];
  }

  readStepLog(): never {
    throw new Error('FakePipelineRunner: no logs');
  }

  stopExecution(): never {
    throw new Error('FakePipelineRunner: stop with finish()');
  }

  onChange(): () => void {
    return () => undefined;
  }

  async close(): Promise<void> {
    return undefined;
  }

  private get(arn: string): PipelineExecution {
    const execution = this.executions.get(arn);
    if (!execution) throw new Error(`no execution ${arn}`);
    return execution;
  }

  private time(): string {
    return new Date(Date.UTC(2026, 0, 1) + 1000 * this.clock++).toISOString();
  }
}

function tick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
