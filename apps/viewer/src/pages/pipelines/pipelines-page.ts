import { api, currentSession } from '../../session/session';
import { h, replaceChildren } from '../../ui/dom';
import { formatTime } from '../../ui/format';
import { notice } from '../../ui/notice';
import { MODEL_READER_ROLES } from '../models/model-roles';
import { navBar } from '../nav-bar';
import type { Page } from '../page';
import { routeHash } from '../routes';
import { executionId, isRunning, type Execution } from './pipeline-api';
import { executionDuration } from './run-format';

const POLL_MS = 2_000;

/** The pipeline's executions, newest first: status, who started it, how long it ran; refreshed every 2 s while one runs. */
export async function pipelinesPage(): Promise<Page> {
  const element = h('div', { class: 'app' }, navBar('pipelines'));
  const main = h('main', { class: 'page page-pipelines', 'data-testid': 'pipelines-page' });
  element.append(main);
  main.append(h('h1', {}, 'Pipeline runs'));
  if (!MODEL_READER_ROLES.includes(currentSession()?.principal.role ?? '')) {
    main.append(notice('Not allowed: your role may not read pipeline runs.'));
    main.dataset.state = 'not-allowed';
    return { element };
  }
  const holder = h('div', { class: 'table-holder' });
  main.append(holder);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;
  const load = async () => {
    try {
      const { executions } = await api<{ executions: Execution[] }>('/api/pipelines/executions?limit=100');
      if (disposed) return;
      replaceChildren(holder, executions.length ? executionsTable(executions) : notice('No pipeline runs yet.', 'info'));
      main.dataset.state = 'loaded';
      if (executions.some((e) => isRunning(e.PipelineExecutionStatus))) timer = setTimeout(() => void load(), POLL_MS);
    } catch (error) {
      if (!disposed) replaceChildren(holder, notice(error instanceof Error ? error.message : String(error)));
    }
  };
  await load();
  return {
    element,
    dispose() {
      disposed = true;
      clearTimeout(timer);
    },
  };
}

function executionsTable(executions: readonly Execution[]): HTMLTableElement {
  return h(
    'table',
    { class: 'pipelines', 'data-testid': 'pipeline-runs' },
    h('thead', {}, h('tr', {}, ...['Run', 'Started', 'Status', 'Started by', 'Duration'].map((c) => h('th', { scope: 'col' }, c)))),
    h(
      'tbody',
      {},
      ...executions.map((e) => {
        const id = executionId(e.PipelineExecutionArn);
        return h(
          'tr',
          { 'data-testid': 'pipeline-run-row', 'data-execution-id': id, 'data-status': e.PipelineExecutionStatus },
          h(
            'td',
            {},
            h(
              'a',
              { href: routeHash({ page: 'pipeline', executionId: id }), 'data-testid': 'pipeline-run-open' },
              e.PipelineExecutionDisplayName ?? id,
            ),
          ),
          h('td', {}, formatTime(e.CreationTime)),
          h('td', {}, h('span', { class: `badge status-${e.PipelineExecutionStatus}` }, e.PipelineExecutionStatus)),
          h('td', {}, e.CreatedBy),
          h('td', { class: 'number' }, executionDuration(e)),
        );
      }),
    ),
  );
}
