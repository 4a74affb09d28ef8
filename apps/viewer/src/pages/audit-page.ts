import type { AuditRecord } from '@triage/platform';
import { ApiError } from '../session/api-error';
import { api, currentSession } from '../session/session';
import { AUDIT_ROLES } from '../session/viewer-config';
import { h, replaceChildren } from '../ui/dom';
import { formatTime } from '../ui/format';
import { notice } from '../ui/notice';
import { navBar } from './nav-bar';
import type { Page } from './page';

/** `GET /admin/audit`: a page of records, oldest first, and the `after` of the next page. */
interface AuditPage {
  records: AuditRecord[];
  next?: number;
}

const PAGE_SIZE = 50;
const FILTERS = ['actor', 'action', 'outcome', 'resource', 'from', 'to'] as const;
type AuditFilter = (typeof FILTERS)[number];

/** The query string of an audit page request: the filters set, the cursor, the page size. */
export function auditQuery(filters: Partial<Record<AuditFilter, string>>, after: number | undefined): string {
  const params = new URLSearchParams();
  for (const name of FILTERS) {
    const value = filters[name]?.trim();
    if (!value) continue;
    // datetime-local inputs give local time without a zone: the API takes ISO 8601 instants
    params.set(name, name === 'from' || name === 'to' ? new Date(value).toISOString() : value);
  }
  if (after !== undefined) params.set('after', String(after));
  params.set('limit', String(PAGE_SIZE));
  return params.toString();
}

/** The audit log for auditors and admins: filters, a table, paging forward by cursor and back by the cursors seen. */
export async function auditPage(): Promise<Page> {
  const element = h('div', { class: 'app' }, navBar('audit'));
  const main = h('main', { class: 'page page-audit', 'data-testid': 'audit-page' });
  element.append(main);
  if (!AUDIT_ROLES.includes(currentSession()?.principal.role ?? '')) {
    main.append(h('h1', {}, 'Audit log'), notice('Not allowed: your role may not read the audit log.'));
    main.dataset.state = 'not-allowed';
    return { element };
  }

  const inputs = Object.fromEntries(
    FILTERS.map((name) => {
      const input =
        name === 'outcome'
          ? h(
              'select',
              { name, 'data-testid': `audit-filter-${name}` },
              ...['', 'success', 'refused', 'failed'].map((o) => h('option', { value: o }, o || 'any')),
            )
          : h('input', {
              name,
              type: name === 'from' || name === 'to' ? 'datetime-local' : 'search',
              'data-testid': `audit-filter-${name}`,
              autocomplete: 'off',
            });
      return [name, input];
    }),
  ) as Record<AuditFilter, HTMLInputElement | HTMLSelectElement>;
  const form = h(
    'form',
    { class: 'filters', 'data-testid': 'audit-filters' },
    ...FILTERS.map((name) => h('label', { class: 'filter' }, h('span', {}, name), inputs[name])),
    h('button', { type: 'submit', class: 'button primary', 'data-testid': 'audit-apply' }, 'Search'),
  );
  const holder = h('div', { class: 'table-holder' });
  const message = h('div', { class: 'message' });
  const prev = h('button', { type: 'button', class: 'button', 'data-testid': 'audit-prev' }, '‹ Previous');
  const next = h('button', { type: 'button', class: 'button', 'data-testid': 'audit-next' }, 'Next ›');
  main.append(h('h1', {}, 'Audit log'), form, message, holder, h('div', { class: 'pager' }, prev, next));

  const cursors: (number | undefined)[] = [undefined];
  let nextCursor: number | undefined;
  const load = async () => {
    const filters = Object.fromEntries(FILTERS.map((name) => [name, inputs[name].value]));
    try {
      const page = await api<AuditPage>(`/admin/audit?${auditQuery(filters, cursors[cursors.length - 1])}`);
      nextCursor = page.next;
      prev.disabled = cursors.length <= 1;
      next.disabled = page.next === undefined;
      replaceChildren(message);
      replaceChildren(holder, auditTable(page.records));
    } catch (error) {
      const text =
        error instanceof ApiError && error.status === 403
          ? 'Not allowed: your role may not read the audit log.'
          : String(error instanceof Error ? error.message : error);
      replaceChildren(message, notice(text));
    }
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    cursors.splice(1);
    void load();
  });
  next.addEventListener('click', () => {
    cursors.push(nextCursor);
    void load();
  });
  prev.addEventListener('click', () => {
    if (cursors.length > 1) cursors.pop();
    void load();
  });
  await load();
  return { element };
}

function auditTable(records: readonly AuditRecord[]): HTMLTableElement {
  const columns = ['#', 'time', 'actor', 'role', 'action', 'resource', 'outcome', 'source', 'detail'];
  return h(
    'table',
    { class: 'audit', 'data-testid': 'audit-table' },
    h('thead', {}, h('tr', {}, ...columns.map((c) => h('th', { scope: 'col' }, c)))),
    h(
      'tbody',
      {},
      ...records.map((r) =>
        h(
          'tr',
          { 'data-testid': 'audit-row', 'data-seq': r.seq, 'data-outcome': r.outcome },
          h('td', { class: 'number' }, r.seq),
          h('td', {}, formatTime(r.time)),
          h('td', {}, r.actor),
          h('td', {}, r.role),
          h('td', {}, r.action),
          h('td', { class: 'resource' }, r.resource),
          h('td', {}, r.outcome),
          h('td', {}, r.source),
          h('td', {}, r.detail ?? ''),
        ),
      ),
    ),
  );
}
