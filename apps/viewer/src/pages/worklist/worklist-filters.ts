import { h } from '../../ui/dom';
import { formatDicomDate, toDicomDate } from '../../ui/format';
import type { WorklistSearch } from './worklist-query';

const MODALITIES = ['', 'CR', 'DX', 'CT', 'MR', 'US', 'MG', 'NM', 'PT', 'XA'];

/** The filter form: name, study date from/to, modality, description. Calls `apply` with the query's filters replaced. */
export function worklistFilters(query: WorklistSearch, apply: (filters: Partial<WorklistSearch>) => void): HTMLFormElement {
  const field = (name: string, label: string, input: HTMLInputElement | HTMLSelectElement) =>
    h('label', { class: 'filter' }, h('span', {}, label), input);
  const name = h('input', {
    type: 'search',
    name: 'patientName',
    value: query.patientName ?? '',
    autocomplete: 'off',
    'data-testid': 'filter-name',
  });
  const from = h('input', {
    type: 'date',
    name: 'studyDateFrom',
    value: formatDicomDate(query.studyDateFrom),
    'data-testid': 'filter-date-from',
  });
  const to = h('input', { type: 'date', name: 'studyDateTo', value: formatDicomDate(query.studyDateTo), 'data-testid': 'filter-date-to' });
  const modality = h(
    'select',
    { name: 'modality', 'data-testid': 'filter-modality' },
    ...MODALITIES.map((m) => h('option', { value: m, selected: m === (query.modality ?? '') }, m || 'any')),
  );
  const description = h('input', {
    type: 'search',
    name: 'description',
    value: query.description ?? '',
    autocomplete: 'off',
    'data-testid': 'filter-description',
  });
  const form = h(
    'form',
    { class: 'filters', 'data-testid': 'worklist-filters', autocomplete: 'off' },
    field('patientName', 'Patient', name),
    field('studyDateFrom', 'Date from', from),
    field('studyDateTo', 'Date to', to),
    field('modality', 'Modality', modality),
    field('description', 'Description', description),
    h('button', { type: 'submit', class: 'button primary', 'data-testid': 'filter-apply' }, 'Search'),
    h('button', { type: 'reset', class: 'button', 'data-testid': 'filter-clear' }, 'Clear'),
  );
  const read = (): Partial<WorklistSearch> => ({
    patientName: name.value.trim() || undefined,
    studyDateFrom: toDicomDate(from.value),
    studyDateTo: toDicomDate(to.value),
    modality: modality.value || undefined,
    description: description.value.trim() || undefined,
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    apply(read());
  });
  form.addEventListener('reset', (event) => {
    // a form's reset restores the values it was built with (the last query): clear them instead
    event.preventDefault();
    for (const input of [name, from, to, description]) input.value = '';
    modality.value = '';
    apply(read());
  });
  return form;
}
