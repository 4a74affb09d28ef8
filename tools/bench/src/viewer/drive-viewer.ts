import { launchChromium, newViewportContext, VIEWPORTS } from '@triage/test-support';

/** The browser the benchmark drives (Debian's Chromium through playwright-core). */
export type BenchBrowser = Awaited<ReturnType<typeof launchChromium>>;
type BenchPage = Awaited<ReturnType<BenchBrowser['newPage']>>;

/** What one open of the study measured, in ms from `triage:study-open` (the viewer's own clock) unless named otherwise. */
export interface OpenFigures {
  /** First image of the warm-up study, opened first in the fresh page: Cornerstone's start-up, codecs and shaders included. */
  coldFirstImage?: number;
  firstImage?: number;
  firstImageLevel?: 'prefix' | 'full';
  firstFullImage?: number;
  allLoaded?: number;
  /** Fetch of the series metadata (resource timing: request start to response end). */
  seriesMetadata?: number;
  /** Frames drawn per second over the scroll window. */
  scrollFps?: number;
  /** Whether every slice was loaded before the scroll window ended (for the "while loading" figure it should not be). */
  loadedBeforeScrollEnd?: boolean;
  /** The viewer's own `triage:*` marks of the measured open, ms from `triage:study-open` in the order reached (where the first image's time goes). */
  steps?: Record<string, number>;
  /** Frame requests the page made and the bytes their bodies held. */
  frameRequests: number;
  frameBytes: number;
}

/** The two studies of an open: a small one opened first to start the viewer, then the measured one. */
export interface OpenStudies {
  warmUp: string;
  measured: string;
  /** The measured study's UID, to pick its requests out of the page's resource timing. */
  measuredStudyUid: string;
}

/** When the scroll window runs: after every slice is loaded, or as soon as the first image is drawn. */
export type ScrollWhen = 'after-load' | 'while-loading';

interface Stats {
  studyOpenedAt?: number;
  firstImageAt?: number;
  firstImageLevel?: 'prefix' | 'full';
  firstFullImageAt?: number;
  allLoadedAt?: number;
  renderedFrames: number;
}

const OPEN_TIMEOUT_MS = 60_000;

/**
 * Signs in at `origin` with `token` in a fresh browser context (its own cookie, an empty image cache), opens the
 * warm-up study from the worklist (the viewer's start-up: its first image is `coldFirstImage`), goes back, opens
 * the measured study, waits for the viewer's marks, and scrolls for `scrollMs` at display rate (one arrow
 * key per animation frame, turning at the ends), counting the frames the viewer drew.
 */
export async function openStudyOnce(
  browser: BenchBrowser,
  origin: string,
  token: string,
  scrollMs: number,
  when: ScrollWhen,
  studies: OpenStudies,
  rendering: 'auto' | 'gpu' | 'cpu' = 'auto',
): Promise<OpenFigures> {
  const context = await newViewportContext(browser, VIEWPORTS.desktop);
  try {
    // Chromium keeps 250 resource timings by default: fewer than one open's frame requests.
    await context.addInitScript('performance.setResourceTimingBufferSize(100000)');
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    try {
      await page.goto(rendering === 'auto' ? `${origin}/` : `${origin}/?rendering=${rendering}`);
      await page.getByTestId('sign-in-token').fill(token, { timeout: 30_000 });
      await page.getByTestId('sign-in-submit').click();
      await openRow(page, studies.warmUp);
    } catch (error) {
      const body = await page.evaluate<string>('document.body ? document.body.innerText : ""').catch(() => '');
      throw new Error(
        `could not sign in and open the study at ${page.url()}: ${(error as Error).message.split('\n')[0]}; the page shows "${body.slice(0, 300)}"; page errors: ${errors.join(' | ') || 'none'}`,
      );
    }
    await waitFor(page, 'window.triageViewer && window.triageViewer.firstImageAt !== undefined', errors);
    const cold = await page.evaluate<Stats>('({ ...window.triageViewer })');
    // Its slices loaded first, so none of its requests compete with the measured open.
    await waitFor(page, 'window.triageViewer.allLoadedAt !== undefined', errors);
    await page.getByTestId('back-to-worklist').click();
    await openRow(page, studies.measured);
    // The viewer starts a fresh stats object per open: wait for this open's, not the warm-up's.
    await waitFor(
      page,
      `window.triageViewer.studyOpenedAt !== ${cold.studyOpenedAt} && window.triageViewer.firstImageAt !== undefined`,
      errors,
    );
    let scrollFps: number | undefined;
    let loadedBeforeScrollEnd: boolean | undefined;
    if (when === 'while-loading') {
      ({ fps: scrollFps, loaded: loadedBeforeScrollEnd } = await scroll(page, scrollMs));
      await waitFor(page, 'window.triageViewer.allLoadedAt !== undefined', errors);
    } else {
      await waitFor(page, 'window.triageViewer.allLoadedAt !== undefined', errors);
      ({ fps: scrollFps, loaded: loadedBeforeScrollEnd } = await scroll(page, scrollMs));
    }
    const stats = await page.evaluate<Stats>('({ ...window.triageViewer })');
    const network = await page.evaluate<{ metadata?: number; frames: number; bytes: number }>(`(() => {
      const entries = performance.getEntriesByType('resource').filter((e) => e.name.includes(${JSON.stringify(studies.measuredStudyUid)}));
      const metadata = entries.filter((e) => /\\/series\\/[^/]+\\/metadata(\\?|$)/.test(e.name)).pop();
      const frames = entries.filter((e) => /\\/frames\\/\\d+/.test(e.name));
      return {
        metadata: metadata ? metadata.responseEnd - metadata.requestStart : undefined,
        frames: frames.length,
        bytes: frames.reduce((n, e) => n + (e.encodedBodySize || 0), 0),
      };
    })()`);
    const steps = await page.evaluate<Record<string, number>>(`(() => {
      const marks = performance.getEntriesByType('mark').filter((m) => m.name.startsWith('triage:'));
      const open = marks.filter((m) => m.name === 'triage:study-open').pop();
      const steps = {};
      for (const m of marks) if (open && m.startTime >= open.startTime && !(m.name.slice(7) in steps)) steps[m.name.slice(7)] = Math.round(m.startTime - open.startTime);
      return steps;
    })()`);
    const since = (at: number | undefined) =>
      at === undefined || stats.studyOpenedAt === undefined ? undefined : at - stats.studyOpenedAt;
    return {
      coldFirstImage:
        cold.firstImageAt === undefined || cold.studyOpenedAt === undefined ? undefined : cold.firstImageAt - cold.studyOpenedAt,
      firstImage: since(stats.firstImageAt),
      firstImageLevel: stats.firstImageLevel,
      firstFullImage: since(stats.firstFullImageAt),
      allLoaded: since(stats.allLoadedAt),
      seriesMetadata: network.metadata,
      scrollFps,
      loadedBeforeScrollEnd,
      steps,
      frameRequests: network.frames,
      frameBytes: network.bytes,
    };
  } finally {
    await context.close();
  }
}

/** Clicks the worklist row of an image set (its patient-name link). */
async function openRow(page: BenchPage, imageSetId: string): Promise<void> {
  await page
    .locator(`[data-testid="worklist-row"][data-image-set-id="${imageSetId}"] [data-testid="worklist-open"]`)
    .click({ timeout: 30_000 });
}

async function waitFor(page: BenchPage, condition: string, errors: string[]): Promise<void> {
  try {
    await page.waitForFunction(condition, undefined, { timeout: OPEN_TIMEOUT_MS, polling: 'raf' });
  } catch (error) {
    const stats = await page.evaluate<unknown>('window.triageViewer').catch(() => undefined);
    throw new Error(
      `the viewer did not reach "${condition}": ${(error as Error).message.split('\n')[0]}; stats ${JSON.stringify(stats)}; page errors: ${errors.join(' | ') || 'none'}`,
    );
  }
}

/** Presses an arrow key on every animation frame for `ms` and counts the frames drawn meanwhile. */
async function scroll(page: BenchPage, ms: number): Promise<{ fps: number; loaded: boolean }> {
  await page.getByTestId('viewer-viewport').focus();
  return page.evaluate<{ fps: number; loaded: boolean }>(`(async () => {
    const first = window.triageViewer.renderedFrames;
    const t0 = performance.now();
    let direction = 1;
    await new Promise((resolve) => {
      const step = () => {
        const s = window.triageViewer;
        if (s.currentSlice >= s.totalSlices - 1) direction = -1;
        else if (s.currentSlice <= 0) direction = 1;
        document.body.dispatchEvent(new KeyboardEvent('keydown', { key: direction > 0 ? 'ArrowDown' : 'ArrowUp', bubbles: true }));
        if (performance.now() - t0 < ${ms}) requestAnimationFrame(step);
        else resolve();
      };
      requestAnimationFrame(step);
    });
    const seconds = (performance.now() - t0) / 1000;
    return { fps: (window.triageViewer.renderedFrames - first) / seconds, loaded: window.triageViewer.allLoadedAt !== undefined };
  })()`);
}
