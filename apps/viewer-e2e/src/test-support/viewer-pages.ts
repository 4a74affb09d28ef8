import type { Page } from 'playwright-core';

/** The viewer's stats object (apps/viewer/src/stats/viewer-stats.ts): what the tests wait on. */
export interface ViewerStats {
  firstImageAt?: number;
  firstFullImageAt?: number;
  allLoadedAt?: number;
  loadedSlices: number;
  totalSlices: number;
  currentSlice: number;
  renderedFrames: number;
}

/** The viewer's stats now. */
export function viewerStats(page: Page): Promise<ViewerStats> {
  return page.evaluate(() => ({ ...(window as unknown as { triageViewer: ViewerStats }).triageViewer }));
}

/** Signs in through the sign-in page with `token` and waits for the first worklist (or audit page for an auditor). */
export async function signIn(page: Page, apiUrl: string, token: string, lands: 'worklist' | 'audit' = 'worklist'): Promise<void> {
  await page.goto(`${apiUrl}/#/sign-in`);
  await page.getByTestId('sign-in-token').fill(token);
  await page.getByTestId('sign-in-submit').click();
  if (lands === 'worklist') await worklistLoaded(page, 1);
  else await page.getByTestId('signed-in-as').waitFor();
}

/** How many times the worklist page has loaded its query so far. */
export async function worklistLoads(page: Page): Promise<number> {
  return Number((await page.getByTestId('worklist-page').getAttribute('data-loads')) ?? 0);
}

/** Waits until the worklist has loaded its query at least `count` times. */
export async function worklistLoaded(page: Page, count: number): Promise<void> {
  await page.waitForFunction(
    (n) => Number(document.querySelector('[data-testid=worklist-page]')?.getAttribute('data-loads') ?? 0) >= n,
    count,
  );
}

/** One worklist row as shown. */
export interface ShownRow {
  imageSetId: string;
  patient: string;
  studyDate: string;
  modality: string;
  images: string;
  predicted: string;
  verification: string;
}

/** The worklist rows shown now, top to bottom. */
export function worklistRows(page: Page): Promise<ShownRow[]> {
  return page.getByTestId('worklist-row').evaluateAll((rows) =>
    rows.map((row) => {
      const cells = [...row.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '');
      return {
        imageSetId: row.getAttribute('data-image-set-id') ?? '',
        patient: cells[1],
        studyDate: cells[2],
        modality: cells[3],
        images: cells[5],
        predicted: cells[7],
        verification: cells[8],
      };
    }),
  );
}

/** Worklist filters as the form takes them (dates YYYY-MM-DD). */
export interface ShownFilters {
  name?: string;
  dateFrom?: string;
  dateTo?: string;
  modality?: string;
}

/** Clears the filter form, fills in `filters`, searches, and waits for the answer to be shown. */
export async function filterWorklist(page: Page, filters: ShownFilters): Promise<ShownRow[]> {
  const before = await worklistLoads(page);
  await page.getByTestId('filter-name').fill(filters.name ?? '');
  await page.getByTestId('filter-date-from').fill(filters.dateFrom ?? '');
  await page.getByTestId('filter-date-to').fill(filters.dateTo ?? '');
  await page.getByTestId('filter-modality').selectOption(filters.modality ?? '');
  await page.getByTestId('filter-apply').click();
  await worklistLoaded(page, before + 1);
  return worklistRows(page);
}

/** Opens a study from the worklist row of `imageSetId` and waits until every slice is loaded and the first one drawn at full resolution. */
export async function openStudy(page: Page, imageSetId: string): Promise<void> {
  await page.locator(`[data-testid=worklist-row][data-image-set-id="${imageSetId}"] [data-testid=worklist-open]`).click();
  await page.locator(`[data-testid=study-page][data-image-set-id="${imageSetId}"]`).waitFor();
  await page.waitForFunction(() => {
    const s = (window as unknown as { triageViewer?: ViewerStats }).triageViewer;
    return !!s && s.totalSlices > 0 && s.allLoadedAt !== undefined && s.firstFullImageAt !== undefined;
  });
  await page.getByTestId('viewer-canvas').waitFor();
}

/**
 * Does `act` (a key press, a click, a drag) and waits until the viewer has drawn at least one more frame after it,
 * with slice `sliceIndex` in view when given, and the browser has painted it (two animation frames).
 */
export async function afterRender(page: Page, act: () => Promise<void>, sliceIndex?: number): Promise<void> {
  const before = (await viewerStats(page)).renderedFrames;
  await act();
  await page.waitForFunction(
    ({ before, sliceIndex }) => {
      const s = (window as unknown as { triageViewer: ViewerStats }).triageViewer;
      return s.renderedFrames > before && (sliceIndex === undefined || s.currentSlice === sliceIndex);
    },
    { before, sliceIndex },
  );
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

/** The slice indicator's text ("100 / 100"). */
export async function sliceIndicator(page: Page): Promise<string> {
  return ((await page.getByTestId('slice-indicator').textContent()) ?? '').trim();
}

/** The window the viewer shows now, from its readout. */
export async function shownWindow(page: Page): Promise<{ text: string; width: number; center: number }> {
  const readout = page.getByTestId('wl-readout');
  return {
    text: ((await readout.textContent()) ?? '').trim(),
    width: Number(await readout.getAttribute('data-window-width')),
    center: Number(await readout.getAttribute('data-window-center')),
  };
}

/** Waits until every image on the page (the worklist's thumbnails) has loaded or failed: screenshots show what a person sees. */
export async function imagesLoaded(page: Page): Promise<void> {
  await page.waitForFunction(() => [...document.images].every((image) => image.complete));
}
