import type { BrowserContext, Page } from 'playwright-core';
import { VIEWPORTS, collectPageErrors, newViewportContext } from '@triage/test-support';
import { issueToken } from './test-support/api-requests';
import { ADMIN_TOKEN, openClinic, type Clinic } from './test-support/clinic';
import { CT_SLICES } from './test-support/clinic-studies';
import { signIn, type ViewerStats } from './test-support/viewer-pages';

/** What the viewer shows of an open once it has settled: which study, how many slices it knows and has loaded. */
interface Settled {
  imageSetId: string | null;
  totalSlices: number;
  loadedSlices: number;
  allLoaded: boolean;
  currentSlice: number;
}

/** Goes to a study by its hash at once (as a link does), not through the worklist: the study left is still loading. */
async function goToStudy(page: Page, imageSetId: string): Promise<void> {
  await page.evaluate((id) => {
    location.hash = `#/study/${id}`;
  }, imageSetId);
  await page.locator(`[data-testid=study-page][data-image-set-id="${imageSetId}"]`).waitFor();
}

/** Waits until the study shown has loaded every slice it knows of, and reads what it shows. */
async function settled(page: Page): Promise<Settled> {
  await page.waitForFunction(() => {
    const s = (window as unknown as { triageViewer?: ViewerStats }).triageViewer;
    return !!s && s.totalSlices > 0 && s.allLoadedAt !== undefined && s.firstFullImageAt !== undefined;
  });
  const stats = await page.evaluate(() => ({ ...(window as unknown as { triageViewer: ViewerStats }).triageViewer }));
  return {
    imageSetId: await page.getByTestId('study-page').getAttribute('data-image-set-id'),
    totalSlices: stats.totalSlices,
    loadedSlices: stats.loadedSlices,
    allLoaded: stats.allLoadedAt !== undefined,
    currentSlice: stats.currentSlice,
  };
}

describe('leaving a study while it is still loading', () => {
  let clinic: Clinic;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    clinic = await openClinic();
    const token = await issueToken(clinic.api.url, ADMIN_TOKEN, 'dr-hop', 'clinician');
    context = await newViewportContext(clinic.browser, VIEWPORTS.desktop);
    page = await context.newPage();
    pageErrors = collectPageErrors(page);
    await signIn(page, clinic.api.url, token);
  });
  afterAll(async () => {
    await context?.close();
    await clinic?.close();
  });

  it('opens the next study whole (its slices known and loaded), and the one left opens whole again afterwards', async () => {
    const ct = clinic.imageSetOf('SYNTHETIC^CT0000');
    const chest = clinic.imageSetOf('SYNTHETIC^CHEST0001');
    // The CT's page is up and its loading has begun (mounted) when the chest study replaces it.
    await goToStudy(page, ct);
    await goToStudy(page, chest);
    const afterLeaving = await settled(page);
    // Back to the CT: whatever of it was in flight when it was left must not hold this open up.
    await goToStudy(page, ct);
    const reopened = await settled(page);
    expect({ afterLeaving, reopened }).toEqual({
      afterLeaving: { imageSetId: chest, totalSlices: 1, loadedSlices: 1, allLoaded: true, currentSlice: 0 },
      reopened: { imageSetId: ct, totalSlices: CT_SLICES, loadedSlices: CT_SLICES, allLoaded: true, currentSlice: 0 },
    });
    // Aborted requests are the study left (its metadata fetch is cancelled) and the probe's one byte; the 401 is the
    // session check before sign-in.
    expect(pageErrors.filter((e) => !/net::ERR_ABORTED|status of 401/.test(e))).toEqual([]);
  });
});
