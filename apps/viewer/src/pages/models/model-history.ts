import { h } from '../../ui/dom';
import { formatTime } from '../../ui/format';
import type { HistoryEntry } from './model-api';

/** The group's history, newest first: who did what to which version, when and why (this version's rows marked). */
export function historyTable(history: readonly HistoryEntry[], version: number): HTMLElement {
  return h(
    'table',
    { class: 'model-history', 'data-testid': 'model-history' },
    h('thead', {}, h('tr', {}, ...['When', 'Version', 'What', 'Who', 'Role', 'Why'].map((c) => h('th', { scope: 'col' }, c)))),
    h(
      'tbody',
      {},
      ...[...history].reverse().map((entry) =>
        h(
          'tr',
          {
            'data-testid': 'history-row',
            'data-version': entry.version,
            'data-action': entry.action,
            class: entry.version === version ? 'this-version' : undefined,
          },
          h('td', {}, formatTime(entry.at)),
          h('td', { class: 'number' }, `v${entry.version}`),
          h('td', {}, entry.action),
          h('td', {}, entry.actor.principal),
          h('td', {}, entry.actor.role ?? ''),
          h('td', {}, entry.actor.reason ?? ''),
        ),
      ),
    ),
  );
}
