import { api, currentSession } from '../../session/session';
import { h, replaceChildren } from '../../ui/dom';
import { formatTime } from '../../ui/format';
import { notice } from '../../ui/notice';
import { navBar } from '../nav-bar';
import type { Page } from '../page';
import { navigate, routeHash } from '../routes';
import { approvalText, metricText } from './metric-text';
import { DEFAULT_GROUP, METRICS, groupPath, type ModelGroupSummary, type ModelVersion } from './model-api';
import { MODEL_READER_ROLES } from './model-roles';

/** The heading of each metric column. */
const METRIC_TITLES: Record<(typeof METRICS)[number], string> = {
  accuracy: 'Accuracy',
  auc: 'AUC',
  precision: 'Precision',
  recall: 'Recall',
  f1: 'F1',
};

/** The versions of a model group, newest first: approval, the promoted one, metrics with their 95 % intervals. */
export async function modelsPage(group = DEFAULT_GROUP): Promise<Page> {
  const element = h('div', { class: 'app' }, navBar('models'));
  const main = h('main', { class: 'page page-models', 'data-testid': 'models-page', 'data-group': group });
  element.append(main);
  main.append(h('h1', {}, 'Models'));
  if (!MODEL_READER_ROLES.includes(currentSession()?.principal.role ?? '')) {
    main.append(notice('Not allowed: your role may not read models.'));
    main.dataset.state = 'not-allowed';
    return { element };
  }

  const picker = h('select', { id: 'model-group', 'data-testid': 'model-group' });
  picker.addEventListener('change', () => navigate({ page: 'models', group: picker.value }));
  const holder = h('div', { class: 'table-holder' });
  main.append(
    h('div', { class: 'filters' }, h('label', { class: 'filter', for: 'model-group' }, h('span', {}, 'Model group'), picker)),
    holder,
  );
  try {
    const [{ groups }, { versions }] = await Promise.all([
      api<{ groups: ModelGroupSummary[] }>('/api/models/groups'),
      api<{ versions: ModelVersion[] }>(`${groupPath(group)}/versions`).catch(() => ({ versions: [] as ModelVersion[] })),
    ]);
    const names = groups.some((g) => g.name === group) ? groups.map((g) => g.name) : [group, ...groups.map((g) => g.name)];
    replaceChildren(picker, ...names.map((name) => h('option', { value: name, selected: name === group }, name)));
    replaceChildren(holder, versions.length ? versionsTable(versions) : notice(`No versions of ${group} yet.`, 'info'));
    main.dataset.state = 'loaded';
  } catch (error) {
    replaceChildren(holder, notice(error instanceof Error ? error.message : String(error)));
    main.dataset.state = 'failed';
  }
  return { element };
}

function versionsTable(versions: readonly ModelVersion[]): HTMLTableElement {
  const columns = ['Version', 'Registered', 'Approval', 'Serving', ...METRICS.map((m) => METRIC_TITLES[m])];
  return h(
    'table',
    { class: 'models', 'data-testid': 'model-versions' },
    h('caption', { class: 'muted' }, 'Metrics on the test split, with their 95 % bootstrap intervals'),
    h('thead', {}, h('tr', {}, ...columns.map((c) => h('th', { scope: 'col' }, c)))),
    h(
      'tbody',
      {},
      ...versions.map((v) =>
        h(
          'tr',
          {
            'data-testid': 'model-version-row',
            'data-version': v.version,
            'data-approval': v.approvalStatus,
            'data-promoted': String(v.promoted),
          },
          h(
            'td',
            {},
            h(
              'a',
              { href: routeHash({ page: 'model', group: v.groupName, version: v.version }), 'data-testid': 'model-version-open' },
              `v${v.version}`,
            ),
          ),
          h('td', {}, formatTime(v.createdAt)),
          h('td', {}, h('span', { class: `badge approval-${v.approvalStatus}` }, approvalText(v.approvalStatus))),
          h('td', {}, v.promoted ? h('span', { class: 'badge promoted', 'data-testid': 'promoted-badge' }, 'promoted') : ''),
          ...METRICS.map((m) => h('td', { class: 'number', 'data-metric': m }, metricText(v.metrics[m]))),
        ),
      ),
    ),
  );
}
