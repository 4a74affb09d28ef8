import type { WorklistItem, WorklistSortKey } from '@triage/catalog';
import { h } from '../../ui/dom';
import { formatDicomDate, formatPersonName } from '../../ui/format';
import { routeHash } from '../routes';
import type { WorklistSearch } from './worklist-query';

/** The columns, in order; those with a key sort the worklist. */
const COLUMNS: { title: string; sort?: WorklistSortKey }[] = [
  { title: '' },
  { title: 'Patient', sort: 'patientName' },
  { title: 'Study date', sort: 'studyDate' },
  { title: 'Modality', sort: 'modality' },
  { title: 'Description', sort: 'studyDescription' },
  { title: 'Images', sort: 'instances' },
  { title: 'Priority', sort: 'priority' },
  { title: 'Predicted' },
  { title: 'Verification' },
];

/** The thumbnail URL of an item's series (DICOMweb's series thumbnail); undefined when it has none. */
export function thumbnailUrl(dicomwebRoot: string, item: WorklistItem): string | undefined {
  if (!item.thumbnailSeriesInstanceUid) return undefined;
  return `${dicomwebRoot}/studies/${encodeURIComponent(item.studyInstanceUid)}/series/${encodeURIComponent(item.thumbnailSeriesInstanceUid)}/thumbnail`;
}

/** The model's finding and its probability, or "no model yet". */
export function predictedText(item: WorklistItem): string {
  const p = item.prediction;
  if (!p) return 'no model yet';
  const score = p.scores[p.finding];
  return score === undefined ? p.finding : `${p.finding} (${Math.round(score * 100)}%)`;
}

/** The verification state with the finding a clinician set. */
export function verificationText(item: WorklistItem): string {
  if (item.verification === 'unverified' || !item.label) return 'unverified';
  return `${item.verification}: ${item.label.finding}`;
}

/** The worklist table: sortable headers, one row per image set (a row opens its study). */
export function worklistTable(
  items: readonly WorklistItem[],
  query: WorklistSearch,
  dicomwebRoot: string,
  sortBy: (key: WorklistSortKey) => void,
): HTMLTableElement {
  const header = h(
    'tr',
    {},
    ...COLUMNS.map((column) => {
      if (!column.sort) return h('th', { scope: 'col' }, column.title);
      const key = column.sort;
      const active = query.sort === key;
      return h(
        'th',
        { scope: 'col', 'aria-sort': active ? (query.order === 'asc' ? 'ascending' : 'descending') : 'none' },
        h(
          'button',
          { type: 'button', class: 'sort', 'data-testid': `sort-${key}`, on: { click: () => sortBy(key) } },
          column.title,
          active ? (query.order === 'asc' ? ' ▲' : ' ▼') : '',
        ),
      );
    }),
  );
  const rows = items.map((item) => {
    const href = routeHash({ page: 'study', imageSetId: item.imageSetId });
    const thumb = thumbnailUrl(dicomwebRoot, item);
    const row = h(
      'tr',
      { 'data-testid': 'worklist-row', 'data-image-set-id': item.imageSetId, class: `verification-${item.verification}` },
      h('td', { class: 'thumb' }, thumb ? h('img', { src: thumb, alt: '', loading: 'lazy', width: 64, height: 64 }) : null),
      h('td', {}, h('a', { href, 'data-testid': 'worklist-open' }, formatPersonName(item.patientName) || '(no name)')),
      h('td', {}, formatDicomDate(item.studyDate)),
      h('td', {}, item.modalities.join(', ')),
      h('td', {}, item.studyDescription ?? ''),
      h('td', { class: 'number' }, item.instances),
      h('td', { class: 'number' }, item.prediction ? item.prediction.priority.toFixed(2) : ''),
      h('td', { 'data-testid': 'worklist-predicted' }, predictedText(item)),
      h('td', { 'data-testid': 'worklist-verification' }, verificationText(item)),
    );
    row.addEventListener('click', (event) => {
      if ((event.target as Element).closest('a')) return;
      location.hash = href;
    });
    return row;
  });
  return h('table', { class: 'worklist', 'data-testid': 'worklist-table' }, h('thead', {}, header), h('tbody', {}, ...rows));
}
