import type { WorklistItem } from '@triage/catalog';
import type { ImageSetId } from '@triage/dicom';
import { Enums, eventTarget, RenderingEngine, type Types } from '@cornerstonejs/core';
import { wadors } from '@cornerstonejs/dicom-image-loader';
import { DicomwebClient } from '../loading/dicomweb-client';
import { stackOf, type Slice } from '../loading/image-ids';
import { initCornerstone } from '../loading/init-cornerstone';
import { Prefetcher } from '../loading/prefetcher';
import { configureStackRetrieval, probeFrame, wholeFrameOptions, type FrameProbe } from '../loading/progressive-retrieval';
import { api, currentSession } from '../session/session';
import { LABEL_WRITER_ROLES, viewerConfig } from '../session/viewer-config';
import { statsFrameRendered, statsStudyOpened, statsUpdate } from '../stats/viewer-stats';
import { createToolGroup, setPrimaryTool, type PrimaryTool } from '../tools/tool-group';
import { voiRangeOf, WINDOW_PRESETS, windowOf } from '../tools/window-presets';
import { h, replaceChildren } from '../ui/dom';
import { formatDicomDate } from '../ui/format';
import { notice } from '../ui/notice';
import { navBar } from './nav-bar';
import type { Page } from './page';
import { labelPanel } from './study/label-panel';
import { seenItem } from './worklist/worklist-query';

const ENGINE_ID = 'triage-engine';
const VIEWPORT_ID = 'triage-stack';
const TOOL_GROUP_ID = 'triage-tools';

/** The keys that move through the stack, and by how much (Home and End go to the ends). */
const SCROLL_KEYS: Record<string, number> = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1, PageDown: 10, PageUp: -10 };

/** The item of an image set: from the worklist seen, else asked of the API (a reload, a link). */
async function itemOf(imageSetId: ImageSetId): Promise<WorklistItem> {
  return seenItem(imageSetId) ?? api<WorklistItem>(`/api/image-sets/${encodeURIComponent(imageSetId)}`);
}

/**
 * The study viewer: a Cornerstone3D stack viewport over DICOMweb with the label panel beside it. The first image is
 * fetched first (from a byte-range prefix when the server offers it), the others are prefetched nearest-first.
 */
export async function studyPage(imageSetId: ImageSetId): Promise<Page> {
  statsStudyOpened();
  const [config, item] = await Promise.all([viewerConfig(), itemOf(imageSetId)]);
  initCornerstone();
  const client = new DicomwebClient(config.dicomwebRoot);
  const role = currentSession()?.principal.role ?? '';

  const viewportElement = h('div', { class: 'viewport', 'data-testid': 'viewer-viewport', tabindex: 0 });
  viewportElement.addEventListener('contextmenu', (event) => event.preventDefault());
  const slice = h('span', { class: 'slice', 'data-testid': 'slice-indicator', 'data-slice-index': 0, 'data-slice-count': 0 }, '– / –');
  const readout = h('span', { class: 'readout', 'data-testid': 'wl-readout' }, 'W – L –');
  const quality = h('span', { class: 'quality', 'data-testid': 'image-quality' }, '');
  const status = h('div', { class: 'viewer-status' });
  const toolbar = h('div', { class: 'toolbar', role: 'toolbar' });
  const panel = labelPanel(imageSetId, LABEL_WRITER_ROLES.includes(role));
  const title = [item.studyDescription, formatDicomDate(item.studyDate), item.modalities.join(', ')].filter(Boolean).join(' · ');
  const element = h(
    'div',
    { class: 'app' },
    navBar('study'),
    h(
      'main',
      { class: 'page page-study', 'data-testid': 'study-page', 'data-image-set-id': imageSetId },
      h(
        'section',
        { class: 'viewer' },
        h(
          'div',
          { class: 'viewer-head' },
          h('a', { href: '#/worklist', class: 'button', 'data-testid': 'back-to-worklist' }, '‹ Worklist'),
          h('span', { class: 'title' }, title),
        ),
        toolbar,
        h('div', { class: 'viewport-frame' }, viewportElement, h('div', { class: 'overlay' }, slice, readout, quality)),
        status,
      ),
      panel.element,
    ),
  );

  let engine: RenderingEngine | undefined;
  let prefetcher: Prefetcher | undefined;
  const cleanups: (() => void)[] = [];
  let disposed = false;
  const listen = (target: EventTarget, type: string, listener: (event: Event) => void) => {
    target.addEventListener(type, listener);
    cleanups.push(() => target.removeEventListener(type, listener));
  };

  const start = async () => {
    const series =
      item.thumbnailSeriesInstanceUid ?? String((await client.searchSeries(item.studyInstanceUid))[0]?.['0020000E']?.Value?.[0] ?? '');
    if (!series) throw new Error('this study has no series to show');
    const instances = await client.seriesMetadata(item.studyInstanceUid, series);
    const slices: Slice[] = stackOf(client.seriesUrl(item.studyInstanceUid, series), instances);
    if (slices.length === 0) throw new Error('this series has no images');
    for (const s of slices) wadors.metaDataManager.add(s.imageId, s.instance as never);
    const imageIds = slices.map((s) => s.imageId);
    const first = 0;
    statsUpdate({ totalSlices: slices.length, currentSlice: first });

    const columns = Number(slices[first].instance['00280011']?.Value?.[0] ?? 0);
    const probe: FrameProbe = await probeFrame(slices[first].imageId.slice('wadors:'.length), columns).catch(() => ({ singlePart: false }));
    configureStackRetrieval(probe, config.progressive !== false);
    if (disposed) return;

    engine = new RenderingEngine(ENGINE_ID);
    engine.enableElement({ viewportId: VIEWPORT_ID, type: Enums.ViewportType.STACK, element: viewportElement as HTMLDivElement });
    const viewport = engine.getViewport(VIEWPORT_ID) as Types.IStackViewport;
    viewportElement.querySelector('canvas')?.setAttribute('data-testid', 'viewer-canvas');
    const tools = createToolGroup(TOOL_GROUP_ID, VIEWPORT_ID, ENGINE_ID);
    cleanups.push(() => tools.removeViewports(ENGINE_ID));

    const ids = new Set(imageIds);
    const loaded = new Set<string>();
    listen(eventTarget, Enums.Events.IMAGE_LOADED, (event) => {
      const image = (event as CustomEvent<{ image: Types.IImage }>).detail.image;
      const full = image.imageQualityStatus === undefined || image.imageQualityStatus === Enums.ImageQualityStatus.FULL_RESOLUTION;
      if (!full || !ids.has(image.imageId) || loaded.has(image.imageId)) return;
      loaded.add(image.imageId);
      statsUpdate({ loadedSlices: loaded.size });
    });
    listen(viewportElement, Enums.Events.STACK_NEW_IMAGE, (event) => {
      const index = (event as CustomEvent<{ imageIdIndex: number }>).detail.imageIdIndex;
      slice.textContent = `${index + 1} / ${slices.length}`;
      slice.dataset.sliceIndex = String(index);
      slice.dataset.sliceCount = String(slices.length);
      statsUpdate({ currentSlice: index });
    });
    listen(viewportElement, Enums.Events.IMAGE_RENDERED, () => {
      const image = viewport.getCornerstoneImage();
      if (!image) return;
      const full = image.imageQualityStatus === undefined || image.imageQualityStatus === Enums.ImageQualityStatus.FULL_RESOLUTION;
      quality.textContent = full ? '' : 'low resolution';
      quality.dataset.level = full ? 'full' : 'prefix';
      statsFrameRendered(full);
    });
    const showWindow = () => {
      const range = viewport.getProperties().voiRange;
      if (!range) return;
      const { width, center } = windowOf(range);
      readout.textContent = `W ${width} L ${center}`;
      readout.dataset.windowWidth = String(width);
      readout.dataset.windowCenter = String(center);
    };
    listen(viewportElement, Enums.Events.VOI_MODIFIED, showWindow);
    listen(viewportElement, Enums.Events.IMAGE_RENDERED, showWindow);
    listen(window, 'keydown', (event) => {
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
    const resize = new ResizeObserver(() => engine?.resize(true, true));
    resize.observe(viewportElement);
    cleanups.push(() => resize.disconnect());

    buildToolbar(toolbar, viewport, (tool) => setPrimaryTool(tools, tool));
    prefetcher = new Prefetcher(
      imageIds,
      () => viewport.getCurrentImageIdIndex(),
      (i, error) => console.warn(`slice ${i + 1} failed to load`, error),
      wholeFrameOptions(probe),
      first,
    );
    prefetcher.start();
    await viewport.setStack(imageIds, first);
    viewport.render();
    viewportElement.focus({ preventScroll: true });
  };

  return {
    element,
    mounted() {
      void panel.load();
      start().catch((error: unknown) => {
        if (!disposed)
          replaceChildren(status, notice(`Could not open the study: ${error instanceof Error ? error.message : String(error)}`));
      });
    },
    dispose() {
      disposed = true;
      prefetcher?.stop();
      for (const cleanup of cleanups.splice(0)) cleanup();
      engine?.destroy();
    },
  };
}

/** The toolbar: window presets, the tool the primary drag does, zoom in/out, reset. */
function buildToolbar(toolbar: HTMLElement, viewport: Types.IStackViewport, choose: (tool: PrimaryTool) => void): void {
  const presets = WINDOW_PRESETS.map((preset) =>
    h(
      'button',
      {
        type: 'button',
        class: 'button',
        'data-testid': `preset-${preset.id}`,
        title: `W ${preset.width} L ${preset.center}`,
        on: {
          click: () => {
            viewport.setProperties({ voiRange: voiRangeOf(preset.width, preset.center) });
            viewport.render();
          },
        },
      },
      preset.label,
    ),
  );
  const toolButtons: [PrimaryTool, string, string][] = [
    ['WindowLevel', 'W/L', 'tool-window-level'],
    ['StackScroll', 'Scroll', 'tool-scroll'],
    ['Zoom', 'Zoom', 'tool-zoom'],
    ['Pan', 'Pan', 'tool-pan'],
  ];
  const tools = toolButtons.map(([tool, label, testid]) =>
    h(
      'button',
      {
        type: 'button',
        class: tool === 'WindowLevel' ? 'button tool active' : 'button tool',
        'data-testid': testid,
        'aria-pressed': tool === 'WindowLevel' ? 'true' : 'false',
        on: {
          click: (event) => {
            choose(tool);
            for (const b of toolbar.querySelectorAll('.tool')) {
              b.classList.toggle('active', b === event.currentTarget);
              b.setAttribute('aria-pressed', String(b === event.currentTarget));
            }
          },
        },
      },
      label,
    ),
  );
  const zoomBy = (factor: number) => {
    viewport.setZoom(viewport.getZoom() * factor);
    viewport.render();
  };
  replaceChildren(
    toolbar,
    h('span', { class: 'group', 'aria-label': 'Window presets' }, ...presets),
    h('span', { class: 'group', 'aria-label': 'Tool' }, ...tools),
    h(
      'span',
      { class: 'group' },
      h('button', { type: 'button', class: 'button', 'data-testid': 'zoom-in', on: { click: () => zoomBy(1.25) } }, 'Zoom +'),
      h('button', { type: 'button', class: 'button', 'data-testid': 'zoom-out', on: { click: () => zoomBy(0.8) } }, 'Zoom −'),
      h(
        'button',
        {
          type: 'button',
          class: 'button',
          'data-testid': 'reset',
          on: {
            click: () => {
              viewport.resetCamera();
              viewport.resetProperties();
              viewport.render();
            },
          },
        },
        'Reset',
      ),
    ),
  );
}
