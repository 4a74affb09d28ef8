import type { Page } from 'playwright-core';

/** One row of the models page's versions table as shown. */
export interface ShownVersion {
  version: number;
  approval: string;
  promoted: boolean;
  accuracy: string;
}

/** Opens the models page of `group` and reads its versions table. */
export async function shownVersions(page: Page, apiUrl: string, group: string): Promise<ShownVersion[]> {
  await page.goto(`${apiUrl}/#/models/${group}`);
  await page.locator(`[data-testid=models-page][data-group="${group}"][data-state=loaded]`).waitFor();
  return page.getByTestId('model-version-row').evaluateAll((rows) =>
    rows.map((row) => ({
      version: Number(row.getAttribute('data-version')),
      approval: row.getAttribute('data-approval') ?? '',
      promoted: row.getAttribute('data-promoted') === 'true',
      accuracy: row.querySelector('[data-metric=accuracy]')?.textContent ?? '',
    })),
  );
}

/** Waits until the version page shows `version` loaded (after a decision the page reloads itself). */
export async function versionPageLoaded(page: Page, version: number, state: { approval?: string; promoted?: boolean } = {}): Promise<void> {
  const approval = state.approval ? `[data-approval="${state.approval}"]` : '';
  const promoted = state.promoted === undefined ? '' : `[data-promoted="${String(state.promoted)}"]`;
  await page.locator(`[data-testid=model-page][data-version="${version}"][data-state=loaded]${approval}${promoted}`).waitFor();
}

/** Types the reason and presses the action's button with the keyboard (the page is keyboard reachable). */
export async function decide(page: Page, action: 'approve' | 'reject' | 'promote' | 'rollback', reason: string): Promise<void> {
  await page.getByTestId('action-reason').fill(reason);
  await page.getByTestId(`action-${action}`).focus();
  await page.keyboard.press('Enter');
}

/** One history row as shown (newest first). */
export interface ShownHistory {
  version: string;
  action: string;
  who: string;
  why: string;
}

/** The history table's rows. */
export function shownHistory(page: Page): Promise<ShownHistory[]> {
  return page.getByTestId('history-row').evaluateAll((rows) =>
    rows.map((row) => {
      const cells = [...row.querySelectorAll('td')].map((td) => td.textContent ?? '');
      return { version: cells[1], action: cells[2], who: cells[3], why: cells[5] };
    }),
  );
}
