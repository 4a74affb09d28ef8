import type { WorklistPage, WorklistSortKey } from '@triage/catalog';
import { api } from '../session/session';
import { viewerConfig } from '../session/viewer-config';
import { h, replaceChildren } from '../ui/dom';
import { notice } from '../ui/notice';
import { navBar } from './nav-bar';
import type { Page } from './page';
import { worklistFilters } from './worklist/worklist-filters';
import { paged, rememberItems, sortedBy, worklistState, type WorklistSearch } from './worklist/worklist-query';
import { worklistTable } from './worklist/worklist-table';

/**
 * The worklist: filters, a sortable paged table, live updates. The server's `worklist` events carry ids only;
 * each one re-runs the query shown (coalesced: one refetch at a time, another after it if more arrived).
 */
export async function worklistPage(): Promise<Page> {
  const config = await viewerConfig();
  const tableHolder = h('div', { class: 'table-holder' });
  const range = h('span', { class: 'range', 'data-testid': 'worklist-range' });
  const prev = h('button', { type: 'button', class: 'button', 'data-testid': 'worklist-prev' }, '‹ Previous');
  const next = h('button', { type: 'button', class: 'button', 'data-testid': 'worklist-next' }, 'Next ›');
  const live = h('span', { class: 'live', 'data-testid': 'worklist-live', 'data-state': 'connecting' }, 'connecting');
  const message = h('div', { class: 'message' });
  const element = h('div', { class: 'app' }, navBar('worklist'));
  const main = h('main', { class: 'page page-worklist', 'data-testid': 'worklist-page', 'data-loads': '0' });
  element.append(main);

  let inFlight: Promise<void> | undefined;
  let again = false;
  let loads = 0;
  let disposed = false;

  const run = (query: WorklistSearch): Promise<void> => {
    worklistState.query = query;
    if (inFlight) {
      again = true;
      return inFlight;
    }
    inFlight = api<WorklistPage>('/api/worklist/search', { method: 'POST', json: query })
      .then((page) => {
        if (disposed) return;
        rememberItems(page.items);
        replaceChildren(message);
        replaceChildren(tableHolder, worklistTable(page.items, worklistState.query, config.dicomwebRoot, sortBy));
        const first = page.total === 0 ? 0 : page.offset + 1;
        range.textContent = `${first}–${page.offset + page.items.length} of ${page.total}`;
        range.dataset.total = String(page.total);
        prev.disabled = page.offset === 0;
        next.disabled = page.offset + page.items.length >= page.total;
        main.dataset.loads = String(++loads);
      })
      .catch((error: unknown) => {
        if (!disposed) replaceChildren(message, notice(error instanceof Error ? error.message : String(error)));
      })
      .finally(() => {
        inFlight = undefined;
        if (again && !disposed) {
          again = false;
          void run(worklistState.query);
        }
      });
    return inFlight;
  };
  const sortBy = (key: WorklistSortKey) => void run(sortedBy(worklistState.query, key));
  prev.addEventListener('click', () => void run(paged(worklistState.query, -1)));
  next.addEventListener('click', () => void run(paged(worklistState.query, 1)));

  const filters = worklistFilters(worklistState.query, (changed) => void run({ ...worklistState.query, ...changed, offset: 0 }));
  main.append(filters, message, tableHolder, h('div', { class: 'pager' }, prev, range, next, live));

  const events = new EventSource('/api/worklist/events', { withCredentials: false });
  events.addEventListener('open', () => {
    live.dataset.state = 'live';
    live.textContent = 'live';
  });
  events.addEventListener('error', () => {
    live.dataset.state = 'reconnecting';
    live.textContent = 'reconnecting';
  });
  events.addEventListener('worklist', () => void run(worklistState.query));

  await run(worklistState.query);
  return {
    element,
    dispose() {
      disposed = true;
      events.close();
    },
  };
}
