import { api, currentSession } from '../../session/session';
import { h, replaceChildren } from '../../ui/dom';
import { formatTime } from '../../ui/format';
import { notice } from '../../ui/notice';
import { navBar } from '../nav-bar';
import type { Page } from '../page';
import { navigate, routeHash } from '../routes';
import { evaluationPanel } from './evaluation-panel';
import { lineagePanel } from './lineage-panel';
import { approvalText, metricText } from './metric-text';
import { METRICS, groupPath, type HistoryEntry, type ModelVersion } from './model-api';
import { historyTable } from './model-history';
import { MODEL_READER_ROLES } from './model-roles';
import { monitoringPanel } from './monitoring-panel';
import { versionActions } from './version-actions';

/**
 * One version: approval and serving state, metrics with intervals, the ROC curve and confusion
 * matrix, lineage, the decisions this role may take (with a reason), the group's history, and
 * drift and shadow comparisons of the group in use.
 */
export async function modelVersionPage(group: string, version: number): Promise<Page> {
  const element = h('div', { class: 'app' }, navBar('models'));
  const main = h('main', { class: 'page page-model', 'data-testid': 'model-page', 'data-group': group, 'data-version': version });
  element.append(main);
  main.append(
    h('p', {}, h('a', { href: routeHash({ page: 'models', group }), 'data-testid': 'back-to-models' }, `‹ ${group}`)),
    h('h1', {}, `${group} v${version}`),
  );
  if (!MODEL_READER_ROLES.includes(currentSession()?.principal.role ?? '')) {
    main.append(notice('Not allowed: your role may not read models.'));
    main.dataset.state = 'not-allowed';
    return { element };
  }
  let v: ModelVersion;
  let history: HistoryEntry[];
  try {
    [v, { history }] = await Promise.all([
      api<ModelVersion>(groupPath(group, version)),
      api<{ history: HistoryEntry[] }>(`${groupPath(group)}/history`),
    ]);
  } catch (error) {
    main.append(notice(error instanceof Error ? error.message : String(error)));
    main.dataset.state = 'failed';
    return { element };
  }
  main.dataset.approval = v.approvalStatus;
  main.dataset.promoted = String(v.promoted);
  const status = h(
    'p',
    { class: 'status-line', 'data-testid': 'model-status' },
    h('span', { class: `badge approval-${v.approvalStatus}`, 'data-testid': 'model-approval' }, approvalText(v.approvalStatus)),
    ' ',
    v.promoted ? h('span', { class: 'badge promoted', 'data-testid': 'promoted-badge' }, 'promoted: scores new studies') : null,
    ` registered ${formatTime(v.createdAt)}`,
    v.approvedBy ? ` · last decision by ${v.approvedBy.principal}${v.approvalDescription ? `: “${v.approvalDescription}”` : ''}` : '',
  );
  const metrics = h(
    'dl',
    { class: 'facts metrics', 'data-testid': 'model-metrics' },
    ...METRICS.flatMap((m) => [h('dt', {}, m), h('dd', { 'data-metric': m }, metricText(v.metrics[m]))]),
  );
  const historyHolder = h(
    'section',
    { class: 'panel wide', 'aria-labelledby': 'history-title' },
    h('h2', { id: 'history-title' }, 'History'),
    historyTable(history, version),
  );
  const message = h('div', { class: 'message', 'aria-live': 'polite' });
  const actions = versionActions(v, () => navigate({ page: 'model', group, version }));
  main.append(
    status,
    message,
    h(
      'div',
      { class: 'panels' },
      h(
        'section',
        { class: 'panel', 'aria-labelledby': 'metrics-title' },
        h('h2', { id: 'metrics-title' }, 'Metrics (95 % interval)'),
        metrics,
      ),
      actions,
      evaluationPanel(group, version),
      lineagePanel(v),
      monitoringPanel(group),
      historyHolder,
    ),
  );
  replaceChildren(message);
  main.dataset.state = 'loaded';
  return { element };
}
