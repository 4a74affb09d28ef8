import type { PipelineChange, PipelineExecution, PipelineExecutionStep } from '../pipeline-runner';

/** What the poller needs from the runner. */
export interface ExecutionPollerOptions {
  intervalMs: number;
  /** The executions to watch, newest first. */
  executions: () => Promise<PipelineExecution[]>;
  /** An execution's steps. */
  steps: (execution: PipelineExecution) => Promise<PipelineExecutionStep[]>;
}

interface Seen {
  status: string;
  steps: Map<string, string>;
}

const FINAL = new Set(['Stopped', 'Failed', 'Succeeded']);

/** What makes a step's change worth telling: its status, attempts, end and failure. */
function stepKey(step: PipelineExecutionStep): string {
  return JSON.stringify([step.StepStatus, step.AttemptCount, step.EndTime, step.FailureReason, step.CacheHitResult]);
}

/**
 * `onChange` on AWS: while there are listeners, polls the executions every `intervalMs` and tells
 * each change since the last poll (a step's status or attempts, then the execution's status). The
 * first poll (at once, when the first listener is added) only learns what is there; an execution
 * this process starts is told at once; an execution finished and already told is not asked for its
 * steps again. Listeners that throw are ignored; a poll that fails is tried at the next interval.
 */
export class ExecutionPoller {
  private readonly listeners = new Set<(change: PipelineChange) => void>();
  private readonly seen = new Map<string, Seen>();
  private timer?: ReturnType<typeof setInterval>;
  private primed = false;
  private polling?: Promise<void>;

  constructor(private readonly options: ExecutionPollerOptions) {}

  /** Adds a listener (the first starts the timer); returns its removal (the last stops it). */
  add(listener: (change: PipelineChange) => void): () => void {
    this.listeners.add(listener);
    if (!this.timer) {
      this.timer = setInterval(() => void this.poll().catch(() => undefined), this.options.intervalMs);
      this.timer.unref();
      // Learn what is there now, so the first interval already tells changes.
      void this.poll().catch(() => undefined);
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  /** Tells the listeners of an execution this process started, at once. */
  started(execution: PipelineExecution): void {
    if (this.listeners.size === 0) return;
    this.seen.set(execution.PipelineExecutionArn, { status: execution.PipelineExecutionStatus, steps: new Map() });
    this.emit({ execution });
  }

  /** One poll (joining the one in flight, if any). */
  poll(): Promise<void> {
    this.polling ??= this.pollOnce().finally(() => (this.polling = undefined));
    return this.polling;
  }

  /** Stops the timer and waits for a poll in flight. */
  async close(): Promise<void> {
    this.listeners.clear();
    this.stop();
    await this.polling?.catch(() => undefined);
  }

  private async pollOnce(): Promise<void> {
    const executions = await this.options.executions();
    for (const execution of executions) {
      const arn = execution.PipelineExecutionArn;
      const before = this.seen.get(arn);
      if (before && FINAL.has(before.status) && before.status === execution.PipelineExecutionStatus) continue;
      const steps = await this.options.steps(execution);
      const after: Seen = { status: execution.PipelineExecutionStatus, steps: new Map(steps.map((s) => [s.StepName, stepKey(s)])) };
      this.seen.set(arn, after);
      if (!this.primed) continue;
      if (!before) this.emit({ execution });
      for (const step of steps) if (before?.steps.get(step.StepName) !== after.steps.get(step.StepName)) this.emit({ execution, step });
      if (before && before.status !== after.status) this.emit({ execution });
    }
    this.primed = true;
  }

  private emit(change: PipelineChange): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch {
        // A listener's failure is its own; the others still hear.
      }
    }
  }

  /** Stops the timer and forgets what it saw: a listener added later starts from what is there then. */
  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.primed = false;
    this.seen.clear();
  }
}
