import type { WorklistItem } from '@triage/catalog';
import { Enums, eventTarget, type Types } from '@cornerstonejs/core';
import { wadors } from '@cornerstonejs/dicom-image-loader';
import type { Types as ToolTypes } from '@cornerstonejs/tools';
import type { DicomwebClient } from '../../loading/dicomweb-client';
import { stackOf, type Slice } from '../../loading/image-ids';
import { Prefetcher } from '../../loading/prefetcher';
import { configureStackRetrieval, serverProbe, wholeFrameOptions } from '../../loading/progressive-retrieval';
import { attachStack, resizeStack } from '../../loading/stack-engine';
import { statsFrameRendered, statsUpdate } from '../../stats/viewer-stats';
import { windowOf } from '../../tools/window-presets';
import { perFrame } from '../../ui/next-frame';

/** The keys that move through the stack, and by how much (Home and End go to the ends). */
const SCROLL_KEYS: Record<string, number> = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1, PageDown: 10, PageUp: -10 };

/** The overlay's elements: slice indicator, W/L readout, image quality. */
export interface StackOverlay {
  slice: HTMLElement;
  readout: HTMLElement;
  quality: HTMLElement;
}

function isFull(image: Types.IImage): boolean {
  return image.imageQualityStatus === undefined || image.imageQualityStatus === Enums.ImageQualityStatus.FULL_RESOLUTION;
}

/**
 * One opened study's stack: its series metadata, the viewport showing it, its listeners and prefetch. The first
 * slice is shown before any other is asked for; leaving the study (`dispose`) cancels what it still had queued, so
 * the next study's requests never wait behind it.
 */
export class StudyStack {
  private disposedFlag = false;
  private readonly cleanups: (() => void)[] = [];
  private readonly abort = new AbortController();
  private prefetcher: Prefetcher | undefined;
  private readonly ids = new Set<string>();
  private readonly loaded = new Set<string>();
  private firstDrawn: () => void = () => undefined;

  constructor(
    private readonly dicomwebRoot: string,
    private readonly progressive: boolean,
  ) {}

  /** Whether the study was left. */
  get disposed(): boolean {
    return this.disposedFlag;
  }

  /** Asks for the slices of the study's first series (the worklist's thumbnail series, else the first QIDO finds). */
  fetchSeries(client: DicomwebClient, item: WorklistItem): Promise<Slice[]> {
    const signal = this.abort.signal;
    const slices = (async () => {
      const series =
        item.thumbnailSeriesInstanceUid ??
        String((await client.searchSeries(item.studyInstanceUid, signal))[0]?.['0020000E']?.Value?.[0] ?? '');
      if (!series) throw new Error('this study has no series to show');
      const instances = await client.seriesMetadata(item.studyInstanceUid, series, signal);
      performance.mark('triage:series-metadata');
      const stack = stackOf(client.seriesUrl(item.studyInstanceUid, series), instances);
      if (stack.length === 0) throw new Error('this series has no images');
      return stack;
    })();
    // Awaited by show() once the page is mounted; until then a failure must not count as unhandled.
    slices.catch(() => undefined);
    return slices;
  }

  /**
   * Shows the stack on `element`: the first slice first, then every other slice nearest-first. `ready` gets the
   * viewport and its tools as soon as they exist (the toolbar).
   */
  async show(
    slicesPromise: Promise<Slice[]>,
    element: HTMLDivElement,
    overlay: StackOverlay,
    ready: (viewport: Types.IStackViewport, tools: ToolTypes.IToolGroup) => void,
  ): Promise<void> {
    const slices = await slicesPromise;
    if (this.disposedFlag) return;
    for (const s of slices) wadors.metaDataManager.add(s.imageId, s.instance as never);
    const imageIds = slices.map((s) => s.imageId);
    for (const id of imageIds) this.ids.add(id);
    const first = 0;
    statsUpdate({ totalSlices: slices.length, currentSlice: first });

    const columns = Number(slices[first].instance['00280011']?.Value?.[0] ?? 0);
    const probe = await serverProbe(this.dicomwebRoot, slices[first].imageId.slice('wadors:'.length), columns);
    if (this.disposedFlag) return;
    configureStackRetrieval(probe, this.progressive);
    performance.mark('triage:probe');

    const { viewport, tools, release } = attachStack(element);
    this.cleanups.push(release);
    element.querySelector('canvas')?.setAttribute('data-testid', 'viewer-canvas');
    this.listen(slices, viewport, element, overlay);
    ready(viewport, tools);

    const drawn = new Promise<void>((resolve) => (this.firstDrawn = resolve));
    performance.mark('triage:set-stack');
    await viewport.setStack(imageIds, first);
    // setStack settles once the slice is loaded; the draw comes on a later animation frame (Cornerstone's CPU path).
    await drawn;
    if (this.disposedFlag) return;
    element.focus({ preventScroll: true });
    // Only now: the first slice's request, decode and draw went first, on an idle network, workers and main thread.
    this.prefetcher = new Prefetcher(
      imageIds,
      () => viewport.getCurrentImageIdIndex(),
      (i, error) => console.warn(`slice ${i + 1} failed to load`, error),
      wholeFrameOptions(probe),
      first,
    );
    this.prefetcher.start();
  }

  private listen(slices: readonly Slice[], viewport: Types.IStackViewport, element: HTMLElement, overlay: StackOverlay): void {
    const ids = this.ids;
    const on = (target: EventTarget, type: string, listener: (event: Event) => void) => {
      target.addEventListener(type, listener);
      this.cleanups.push(() => target.removeEventListener(type, listener));
    };
    on(eventTarget, Enums.Events.IMAGE_LOADED, (event) => {
      const image = (event as CustomEvent<{ image: Types.IImage }>).detail.image;
      if (!isFull(image) || !ids.has(image.imageId) || this.loaded.has(image.imageId)) return;
      if (this.loaded.size === 0) performance.mark('triage:first-slice-loaded');
      this.loaded.add(image.imageId);
      statsUpdate({ loadedSlices: this.loaded.size });
    });

    // The overlay is written at most once per animation frame, and only what changed: scrolling at display rate
    // fires a slice change and a render per frame, and each DOM write would be a style and layout pass.
    const shown = { slice: '', quality: '', window: '' };
    const overlayWriter = perFrame(() => {
      const index = viewport.getCurrentImageIdIndex();
      const sliceText = `${index + 1} / ${slices.length}`;
      if (sliceText !== shown.slice) {
        shown.slice = sliceText;
        overlay.slice.textContent = sliceText;
        overlay.slice.dataset.sliceIndex = String(index);
        overlay.slice.dataset.sliceCount = String(slices.length);
      }
      const image = viewport.getCornerstoneImage();
      const level = image ? (isFull(image) ? 'full' : 'prefix') : '';
      if (level && level !== shown.quality) {
        shown.quality = level;
        overlay.quality.textContent = level === 'full' ? '' : 'low resolution';
        overlay.quality.dataset.level = level;
      }
      const range = viewport.getProperties().voiRange;
      if (range) {
        const { width, center } = windowOf(range);
        const text = `W ${width} L ${center}`;
        if (text !== shown.window) {
          shown.window = text;
          overlay.readout.textContent = text;
          overlay.readout.dataset.windowWidth = String(width);
          overlay.readout.dataset.windowCenter = String(center);
        }
      }
    });
    this.cleanups.push(() => overlayWriter.cancel());
    on(element, Enums.Events.STACK_NEW_IMAGE, (event) => {
      statsUpdate({ currentSlice: (event as CustomEvent<{ imageIdIndex: number }>).detail.imageIdIndex });
      overlayWriter.schedule();
    });
    on(element, Enums.Events.IMAGE_RENDERED, () => {
      const image = viewport.getCornerstoneImage();
      if (!image) return;
      statsFrameRendered(isFull(image));
      this.firstDrawn();
      overlayWriter.schedule();
    });
    on(element, Enums.Events.VOI_MODIFIED, () => overlayWriter.schedule());
    on(window, 'keydown', (event) => {
      const e = event as KeyboardEvent;
      if ((e.target as Element | null)?.closest('input, textarea, select')) return;
      const current = viewport.getCurrentImageIdIndex();
      const target =
        e.key === 'Home'
          ? 0
          : e.key === 'End'
            ? slices.length - 1
            : SCROLL_KEYS[e.key] !== undefined
              ? current + SCROLL_KEYS[e.key]
              : undefined;
      if (target === undefined) return;
      e.preventDefault();
      void viewport.setImageIdIndex(Math.min(slices.length - 1, Math.max(0, target)));
    });
    const resize = new ResizeObserver(() => resizeStack());
    resize.observe(element);
    this.cleanups.push(() => resize.disconnect());
  }

  /** Leaves the study: its metadata fetch aborted, no more prefetch, its listeners and viewport released. */
  dispose(): void {
    if (this.disposedFlag) return;
    this.disposedFlag = true;
    this.abort.abort();
    this.prefetcher?.stop();
    // What is in flight (at most the prefetcher's few and the viewport's one) finishes into the cache: dropping a
    // queued Cornerstone request would leave its image pending in the cache for good, and a reopen would wait on it.
    for (const cleanup of this.cleanups.splice(0)) cleanup();
  }
}
