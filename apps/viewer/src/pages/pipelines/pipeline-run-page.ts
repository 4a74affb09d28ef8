import { ApiError } from '../../session/api-error';
import { api, currentSession } from '../../session/session';
import { h, replaceChildren } from '../../ui/dom';
import { formatTime } from '../../ui/format';
import { notice } from '../../ui/notice';
import { approvalText } from '../models/metric-text';
import { groupPath, versionOfArn, type ModelVersion } from '../models/model-api';
import { MODEL_READER_ROLES } from '../models/model-roles';
import { navBar } from '../nav-bar';
import type { Page } from '../page';
import { routeHash } from '../routes';
import { isRunning, type Execution, type ExecutionStep, type TrainingCurves } from './pipeline-api';
import { executionDuration, runDecision } from './run-format';
import { stepLog } from './step-log';
import { stepTable } from './step-table';
import { trainingCurvesCharts } from './training-curves-chart';

const POLL_MS = 2_000;

/**
 * One run: its steps with status, attempts, cache hits and progress; the log of a step, followed
 * while it runs; the training curves drawn live while Train runs; the evaluation decision once the
 * run ended. Polls every 2 s until the run has ended.
 */
export async function pipelineRunPage(id: string): Promise<Page> {
  const element = h('div', { class: 'app' }, navBar('pipelines'));
  const main = h('main', { class: 'page page-pipeline', 'data-testid': 'pipeline-run-page', 'data-execution-id': id });
  element.append(main);
  main.append(h('p', {}, h('a', { href: routeHash({ page: 'pipelines' }), 'data-testid': 'back-to-pipelines' }, '‹ Pipeline runs')));
  if (!MODEL_READER_ROLES.includes(currentSession()?.principal.role ?? '')) {
    main.append(h('h1', {}, 'Pipeline run'), notice('Not allowed: your role may not read pipeline runs.'));
    main.dataset.state = 'not-allowed';
    return { element };
  }
  const heading = h('h1', {}, `Run ${id}`);
  const summary = h('p', { class: 'status-line', 'data-testid': 'run-summary' });
  const decision = h('section', { class: 'panel', 'data-testid': 'run-decision', 'aria-labelledby': 'decision-title' });
  const steps = h('div', { class: 'table-holder' });
  const curves = h(
    'section',
    { class: 'panel wide', 'aria-labelledby': 'curves-title' },
    h('h2', { id: 'curves-title' }, 'Training curves'),
    h('p', { class: 'muted' }, 'Drawn once the Train step reports its first epoch.'),
  );
  const message = h('div', { class: 'message' });
  const log = stepLog(id);
  main.append(heading, summary, message, steps, h('div', { class: 'panels' }, decision, curves, log.element));

  let timer: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;
  let curvesDone = false;
  let decided = false;
  const showLog = (step: string) => {
    log.show(step);
    void refresh();
  };

  const refresh = async (): Promise<void> => {
    clearTimeout(timer);
    let execution: Execution;
    let list: ExecutionStep[];
    try {
      ({ execution, steps: list } = await api<{ execution: Execution; steps: ExecutionStep[] }>(
        `/api/pipelines/executions/${encodeURIComponent(id)}`,
      ));
    } catch (error) {
      if (disposed) return;
      replaceChildren(
        message,
        notice(
          error instanceof ApiError && error.status === 404
            ? `There is no run ${id}.`
            : String(error instanceof Error ? error.message : error),
        ),
      );
      main.dataset.state = 'failed';
      if (!(error instanceof ApiError && error.status === 404)) timer = setTimeout(() => void refresh(), POLL_MS);
      return;
    }
    if (disposed) return;
    replaceChildren(message);
    const running = isRunning(execution.PipelineExecutionStatus);
    heading.textContent = `Run ${execution.PipelineExecutionDisplayName ?? id}`;
    replaceChildren(
      summary,
      h(
        'span',
        { class: `badge status-${execution.PipelineExecutionStatus}`, 'data-testid': 'run-status' },
        execution.PipelineExecutionStatus,
      ),
      ` started ${formatTime(execution.CreationTime)} by ${execution.CreatedBy} · ${executionDuration(execution)}`,
      execution.FailureReason ? ` · ${execution.FailureReason}` : '',
    );
    main.dataset.status = execution.PipelineExecutionStatus;
    // Follow the step that runs now, until the person picks another.
    const current = [...list].reverse().find((s) => s.StepStatus === 'Executing' && s.Log) ?? [...list].reverse().find((s) => s.Log);
    if (!log.step && current) log.show(current.StepName);
    replaceChildren(steps, stepTable(execution.StepNames, list, log.step, showLog));

    const train = list.find((s) => s.StepType === 'Training');
    if (train && !curvesDone) {
      const got = await api<TrainingCurves>(`/api/pipelines/executions/${encodeURIComponent(id)}/training-curves`).catch(() => undefined);
      if (disposed) return;
      if (got) {
        replaceChildren(curves, h('h2', { id: 'curves-title' }, 'Training curves'), trainingCurvesCharts(got));
        curvesDone = got.complete && !!train.EndTime;
      }
    }
    if (!running && !decided) {
      decided = true;
      await showDecision(decision, execution, list);
    }
    main.dataset.state = 'loaded';
    if (running) timer = setTimeout(() => void refresh(), POLL_MS);
  };
  replaceChildren(
    decision,
    h('h2', { id: 'decision-title' }, 'Evaluation decision'),
    h('p', { class: 'muted', 'data-testid': 'decision' }, 'The run has not ended yet.'),
  );
  await refresh();
  return {
    element,
    dispose() {
      disposed = true;
      clearTimeout(timer);
      log.dispose();
    },
  };
}

/** The decision as text, with a link to the version it registered and that version's approval now. */
async function showDecision(panel: HTMLElement, execution: Execution, steps: readonly ExecutionStep[]): Promise<void> {
  const d = runDecision(execution, steps);
  const line = h('p', { 'data-testid': 'decision', 'data-decision': d.kind });
  replaceChildren(panel, h('h2', { id: 'decision-title' }, 'Evaluation decision'), line);
  if (d.kind === 'failed') line.append(`Failed: ${d.reason}`);
  else if (d.kind === 'stopped') line.append('Stopped before a decision.');
  else if (d.kind === 'none' || d.kind === 'running') line.append('No model was registered.');
  else {
    const ref = versionOfArn(d.modelPackageArn);
    line.append(
      d.kind === 'approved'
        ? 'Approved: the accuracy met the threshold. '
        : 'Pending manual approval: the accuracy was below the threshold. ',
    );
    if (ref) {
      line.append(
        h(
          'a',
          { href: routeHash({ page: 'model', group: ref.group, version: ref.version }), 'data-testid': 'decision-model-link' },
          `${ref.group} v${ref.version}`,
        ),
      );
      const now = await api<ModelVersion>(groupPath(ref.group, ref.version)).catch(() => undefined);
      if (now) line.append(` (now ${approvalText(now.approvalStatus)}${now.promoted ? ', promoted' : ''})`);
    }
  }
}
