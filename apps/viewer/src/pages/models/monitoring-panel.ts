import { ApiError } from '../../session/api-error';
import { api } from '../../session/session';
import { h, replaceChildren } from '../../ui/dom';
import { formatTime } from '../../ui/format';
import { notice } from '../../ui/notice';
import { fraction } from './metric-text';
import { groupPath, versionOfArn, type Monitoring } from './model-api';

/** A version named by its ARN, short ("v3"), or the ARN when it is not one. */
function versionName(arn: string): string {
  const v = versionOfArn(arn);
  return v ? `v${v.version}` : arn;
}

/** Drift checks (newest first) and shadow comparisons of the group; "no data yet" until the monitor has any. */
export function monitoringPanel(group: string): HTMLElement {
  const drift = h('div', { 'data-testid': 'drift-panel' }, h('p', { class: 'muted' }, 'Loading…'));
  const shadow = h('div', { 'data-testid': 'shadow-panel' }, h('p', { class: 'muted' }, 'Loading…'));
  const section = h(
    'section',
    { class: 'panel', 'data-testid': 'monitoring-panel', 'aria-labelledby': 'monitoring-title' },
    h('h2', { id: 'monitoring-title' }, 'In use'),
    h('h3', {}, 'Drift'),
    drift,
    h('h3', {}, 'Shadow comparison'),
    shadow,
  );
  const noData = () => notice('No data yet.', 'info');
  api<Monitoring>(`${groupPath(group)}/monitoring`)
    .then((m) => {
      replaceChildren(drift, m.drift?.length ? driftTable(m) : noData());
      replaceChildren(shadow, m.shadow?.length ? shadowTable(m) : noData());
      section.dataset.state = m.drift?.length || m.shadow?.length ? 'loaded' : 'empty';
    })
    .catch((error: unknown) => {
      const empty = error instanceof ApiError && error.status === 404;
      replaceChildren(drift, empty ? noData() : notice(error instanceof Error ? error.message : String(error)));
      replaceChildren(shadow, empty ? noData() : null);
      section.dataset.state = empty ? 'empty' : 'failed';
    });
  return section;
}

function driftTable(m: Monitoring): HTMLElement {
  return h(
    'table',
    { class: 'drift' },
    h(
      'thead',
      {},
      h('tr', {}, ...['Checked', 'Version', 'Window', 'Drifted', 'Features past the threshold'].map((c) => h('th', { scope: 'col' }, c))),
    ),
    h(
      'tbody',
      {},
      ...m.drift.map((d) =>
        h(
          'tr',
          { 'data-testid': 'drift-row', 'data-drifted': String(d.drifted), class: d.drifted ? 'drifted' : undefined },
          h('td', {}, formatTime(d.checkedAt)),
          h('td', {}, `v${d.version}`),
          h('td', { class: 'number' }, d.windowSize),
          h('td', {}, d.drifted ? 'drifted' : 'no'),
          h(
            'td',
            {},
            d.features
              .filter((f) => f.drifted)
              .map((f) => `${f.feature} (PSI ${f.psi.toFixed(2)}, KS ${f.ks.toFixed(2)})`)
              .join(', ') || '–',
          ),
        ),
      ),
    ),
  );
}

function shadowTable(m: Monitoring): HTMLElement {
  return h(
    'table',
    { class: 'shadow' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...['Serving', 'Shadow', 'Paired images', 'Agreement', 'Verified', 'Serving accuracy', 'Shadow accuracy'].map((c) =>
          h('th', { scope: 'col' }, c),
        ),
      ),
    ),
    h(
      'tbody',
      {},
      ...m.shadow.map((c) =>
        h(
          'tr',
          { 'data-testid': 'shadow-row' },
          h('td', {}, versionName(c.servingArn)),
          h('td', {}, versionName(c.shadowArn)),
          h('td', { class: 'number' }, c.paired),
          h('td', { class: 'number' }, fraction(c.agreement)),
          h('td', { class: 'number' }, c.verified),
          h('td', { class: 'number' }, fraction(c.servingAccuracy)),
          h('td', { class: 'number' }, fraction(c.shadowAccuracy)),
        ),
      ),
    ),
  );
}
