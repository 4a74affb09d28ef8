import type { Command } from 'commander';
import type { PipelineExecution, PipelineExecutionStep } from '@triage/pipeline';
import type { ApiOptions, ApiTarget } from '../client/api-target';
import { apiTarget, withApiOptions } from '../client/api-target';
import { apiRequest, expectOk } from '../client/http';
import { CliError } from '../support/cli-error';
import { formatTable } from '../support/table';

interface RunOptions extends ApiOptions {
  parameter: string[];
  displayName?: string;
  wait?: boolean;
  interval: string;
}

interface StatusOptions extends ApiOptions {
  watch?: boolean;
  json?: boolean;
  interval: string;
}

interface ListOptions extends ApiOptions {
  limit?: string;
  json?: boolean;
}

interface LogsOptions extends ApiOptions {
  step?: string;
  attempt?: string;
  follow?: boolean;
  interval: string;
}

/** GET /api/pipelines/executions/{id}. */
interface ExecutionWithSteps {
  execution: PipelineExecution;
  steps: PipelineExecutionStep[];
}

const ENDED = new Set(['Succeeded', 'Failed', 'Stopped']);
const BAR_WIDTH = 20;

/**
 * `triage pipeline run|trigger|status|list|stop|logs`: the training pipeline through the running API (a data
 * scientist's or an admin's token). Returns the `pipeline` command, for `definition` to join it.
 */
export function registerPipeline(program: Command): Command {
  const pipeline = program.command('pipeline').description('the training pipeline: run it, watch it, read its logs');
  const interval = (command: Command) => command.option('--interval <ms>', 'how often to poll the API while watching or following', '1000');

  withApiOptions(
    interval(
      pipeline
        .command('run')
        .description('start an execution of the compiled pipeline definition')
        .option(
          '--parameter <name=value>',
          'override a parameter (repeat for more)',
          (p: string, all: string[]) => [...all, p],
          [] as string[],
        )
        .option('--display-name <name>', 'a name for this execution')
        .option('--wait', 'watch it until it ends (exit 1 unless it succeeds)'),
    ),
  ).action(async (options: RunOptions) => {
    const target = apiTarget(options);
    const body = { parameters: parseParameters(options.parameter), ...(options.displayName && { displayName: options.displayName }) };
    const response = expectOk(
      'pipeline run',
      await apiRequest(target, 'api/pipelines/executions', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    );
    const execution = JSON.parse(response.body.toString('utf8')) as PipelineExecution;
    process.stdout.write(`started ${executionId(execution.PipelineExecutionArn)} (${execution.PipelineExecutionArn})\n`);
    if (options.wait) await watch(target, executionId(execution.PipelineExecutionArn), intervalMs(options.interval), true);
  });

  withApiOptions(
    interval(
      pipeline
        .command('trigger')
        .description("start a run through the loop's trigger now (its configured parameters; refused while a run is in flight)")
        .option('--wait', 'watch it until it ends (exit 1 unless it succeeds)'),
    ),
  ).action(async (options: RunOptions) => {
    const target = apiTarget(options);
    const response = expectOk('pipeline trigger', await apiRequest(target, 'api/pipelines/trigger', { method: 'POST' }));
    const execution = JSON.parse(response.body.toString('utf8')) as PipelineExecution;
    process.stdout.write(`started ${executionId(execution.PipelineExecutionArn)} (${execution.PipelineExecutionArn})\n`);
    if (options.wait) await watch(target, executionId(execution.PipelineExecutionArn), intervalMs(options.interval), true);
  });

  withApiOptions(
    interval(
      pipeline
        .command('status')
        .description("an execution's steps with their status and progress (default: the latest execution)")
        .argument('[id]', 'execution id or ARN')
        .option('--watch', 'redraw until the execution ends')
        .option('--json', 'print the JSON the server returned'),
    ),
  ).action(async (id: string | undefined, options: StatusOptions) => {
    const target = apiTarget(options);
    const which = id ? executionId(id) : await latestExecution(target);
    if (options.json) {
      process.stdout.write(JSON.stringify(await fetchExecution(target, which), null, 2) + '\n');
      return;
    }
    if (options.watch) await watch(target, which, intervalMs(options.interval), false);
    else process.stdout.write(renderExecution(await fetchExecution(target, which)));
  });

  withApiOptions(
    pipeline
      .command('list')
      .description('executions, newest first')
      .option('--limit <n>', 'at most this many (default 50)')
      .option('--json', 'print the JSON the server returned'),
  ).action(async (options: ListOptions) => {
    const query = new URLSearchParams();
    if (options.limit !== undefined) query.set('limit', options.limit);
    const response = expectOk('pipeline list', await apiRequest(apiTarget(options), 'api/pipelines/executions', { query }));
    const { executions } = JSON.parse(response.body.toString('utf8')) as { executions: PipelineExecution[] };
    if (options.json) process.stdout.write(JSON.stringify(executions, null, 2) + '\n');
    else
      process.stdout.write(
        formatTable(
          ['ID', 'STATUS', 'CREATED', 'BY', 'NAME', 'FAILURE'],
          executions.map((e) => [
            executionId(e.PipelineExecutionArn),
            e.PipelineExecutionStatus,
            e.CreationTime,
            e.CreatedBy,
            e.PipelineExecutionDisplayName ?? '',
            oneLine(e.FailureReason ?? ''),
          ]),
        ),
      );
  });

  withApiOptions(
    pipeline
      .command('stop')
      .description('stop a running execution (its step processes are killed)')
      .argument('<id>', 'execution id or ARN'),
  ).action(async (id: string, options: ApiOptions) => {
    const response = expectOk(
      'pipeline stop',
      await apiRequest(apiTarget(options), `api/pipelines/executions/${encodeURIComponent(executionId(id))}/stop`, { method: 'POST' }),
    );
    const execution = JSON.parse(response.body.toString('utf8')) as PipelineExecution;
    process.stdout.write(`${executionId(execution.PipelineExecutionArn)} ${execution.PipelineExecutionStatus}\n`);
  });

  withApiOptions(
    interval(
      pipeline
        .command('logs')
        .description("an execution's step logs (every step that ran, in order, or one)")
        .argument('<id>', 'execution id or ARN')
        .option('--step <name>', 'only this step')
        .option('--attempt <n>', "this attempt's log (default: the latest)")
        .option('--follow', 'keep printing as the steps write, until the execution ends'),
    ),
  ).action(async (id: string, options: LogsOptions) => {
    await printLogs(apiTarget(options), executionId(id), options);
  });
  return pipeline;
}

/** `K=V` pairs as the request's parameter overrides (values as strings: the runner types them as the definition declares). */
export function parseParameters(pairs: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new CliError(`--parameter ${JSON.stringify(pair)}: expected NAME=VALUE`, 2);
    out[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return out;
}

/** The id at the end of an execution ARN (an id is its own). */
function executionId(idOrArn: string): string {
  return idOrArn.slice(idOrArn.lastIndexOf('/') + 1);
}

function intervalMs(raw: string): number {
  const ms = Number(raw);
  if (!Number.isFinite(ms) || ms < 10)
    throw new CliError(`--interval: ${JSON.stringify(raw)} is not a number of milliseconds (at least 10)`, 2);
  return ms;
}

async function latestExecution(target: ApiTarget): Promise<string> {
  const query = new URLSearchParams({ limit: '1' });
  const response = expectOk('pipeline status', await apiRequest(target, 'api/pipelines/executions', { query }));
  const [latest] = (JSON.parse(response.body.toString('utf8')) as { executions: PipelineExecution[] }).executions;
  if (!latest) throw new CliError('pipeline status: no execution yet (start one with `triage pipeline run`)');
  return executionId(latest.PipelineExecutionArn);
}

async function fetchExecution(target: ApiTarget, id: string): Promise<ExecutionWithSteps> {
  const response = expectOk('pipeline status', await apiRequest(target, `api/pipelines/executions/${encodeURIComponent(id)}`));
  return JSON.parse(response.body.toString('utf8')) as ExecutionWithSteps;
}

/**
 * Redraws the execution until it ends: in place on a terminal, else each frame that differs from
 * the last. With `failUnlessSucceeded`, an execution that ends otherwise is exit status 1.
 */
async function watch(target: ApiTarget, id: string, everyMs: number, failUnlessSucceeded: boolean): Promise<void> {
  let previous = '';
  for (;;) {
    const state = await fetchExecution(target, id);
    const frame = renderExecution(state);
    if (frame !== previous) {
      if (process.stdout.isTTY && previous) process.stdout.write(`\x1b[${previous.split('\n').length - 1}F\x1b[J`);
      process.stdout.write(frame);
      previous = frame;
    }
    const status = state.execution.PipelineExecutionStatus;
    if (ENDED.has(status)) {
      if (failUnlessSucceeded && status !== 'Succeeded')
        throw new CliError(`execution ${id} ${status}${state.execution.FailureReason ? `: ${state.execution.FailureReason}` : ''}`);
      return;
    }
    await sleep(everyMs);
  }
}

/** The execution and every step of its definition: status, attempts and a progress bar for the ones reporting progress. */
export function renderExecution({ execution, steps }: ExecutionWithSteps): string {
  const status = execution.PipelineExecutionStatus;
  const byName = new Map(steps.map((s) => [s.StepName, s] as const));
  const rows = execution.StepNames.map((name) => {
    const step = byName.get(name);
    if (!step) return [name, ENDED.has(status) ? 'Not executed' : 'Pending', '', ''];
    const shown = step.CacheHitResult
      ? `${step.StepStatus} (cached from ${executionId(step.CacheHitResult.SourcePipelineExecutionArn)})`
      : step.StepStatus;
    const outcome = step.Metadata.Condition ? `condition ${step.Metadata.Condition.Outcome}` : '';
    return [
      name,
      shown,
      step.AttemptCount > 0 ? String(step.AttemptCount) : '',
      step.StepStatus === 'Executing' && step.Progress ? progressBar(step.Progress) : outcome,
    ];
  });
  const head = `execution ${executionId(execution.PipelineExecutionArn)}  ${status}  created ${execution.CreationTime} by ${execution.CreatedBy}${
    execution.PipelineExecutionDisplayName ? `  (${execution.PipelineExecutionDisplayName})` : ''
  }\n`;
  const failures = steps
    .filter((s) => s.StepStatus === 'Failed' && s.FailureReason)
    .map((s) => `${s.StepName} failed: ${oneLine(s.FailureReason ?? '')}\n`);
  const reason = execution.FailureReason ? `execution failed: ${oneLine(execution.FailureReason)}\n` : '';
  return head + formatTable(['STEP', 'STATUS', 'ATTEMPTS', 'PROGRESS'], rows) + failures.join('') + reason;
}

/** `[#########-----------]  45% epoch 9/20 loss=0.412` */
export function progressBar(progress: NonNullable<PipelineExecutionStep['Progress']>): string {
  const fraction = progress.total > 0 ? Math.min(1, Math.max(0, progress.done / progress.total)) : 0;
  const filled = Math.round(fraction * BAR_WIDTH);
  const metrics = Object.entries(progress.metrics ?? {}).map(([k, v]) => `${k}=${Number.isInteger(v) ? v : v.toFixed(3)}`);
  return [
    `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}%`,
    `${progress.phase} ${progress.done}/${progress.total}`,
    ...metrics,
    ...(progress.message ? [progress.message] : []),
  ].join(' ');
}

/** Prints the logs of the steps that ran (or one), each from where it was left, polling while `--follow` and the execution runs. */
async function printLogs(target: ApiTarget, id: string, options: LogsOptions): Promise<void> {
  const everyMs = intervalMs(options.interval);
  const attemptWanted = options.attempt === undefined ? undefined : Number(options.attempt);
  if (attemptWanted !== undefined && !(Number.isInteger(attemptWanted) && attemptWanted >= 1))
    throw new CliError(`--attempt: ${JSON.stringify(options.attempt)} is not an attempt number`, 2);
  const read = new Map<string, { attempt: number; offset: number }>();
  for (;;) {
    const { execution, steps } = await fetchExecution(target, id);
    const chosen = steps.filter((s) => s.Log && (options.step === undefined || s.StepName === options.step));
    if (options.step !== undefined && chosen.length === 0 && (!options.follow || ENDED.has(execution.PipelineExecutionStatus)))
      throw new CliError(`pipeline logs: step ${options.step} of ${id} has no log (it did not run a process)`);
    for (const step of chosen) {
      const attempt = attemptWanted ?? step.Log?.attempt ?? 1;
      const state = read.get(step.StepName);
      const offset = state && state.attempt === attempt ? state.offset : 0;
      if (options.step === undefined && (!state || state.attempt !== attempt))
        process.stdout.write(`==> ${step.StepName} (attempt ${attempt}) <==\n`);
      const query = new URLSearchParams({ attempt: String(attempt), offset: String(offset) });
      const response = expectOk(
        'pipeline logs',
        await apiRequest(target, `api/pipelines/executions/${encodeURIComponent(id)}/steps/${encodeURIComponent(step.StepName)}/log`, {
          query,
        }),
      );
      process.stdout.write(response.body);
      read.set(step.StepName, { attempt, offset: offset + response.body.length });
    }
    // The pass after the execution ended has printed everything there is.
    if (!options.follow || ENDED.has(execution.PipelineExecutionStatus)) return;
    await sleep(everyMs);
  }
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').slice(0, 200);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
