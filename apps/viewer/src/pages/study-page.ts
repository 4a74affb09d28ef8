import type { WorklistItem } from '@triage/catalog';
import type { ImageSetId } from '@triage/dicom';
import type { Types } from '@cornerstonejs/core';
import { DicomwebClient } from '../loading/dicomweb-client';
import { warmViewer } from '../loading/stack-engine';
import { api, currentSession } from '../session/session';
import { LABEL_WRITER_ROLES, viewerConfig } from '../session/viewer-config';
import { statsStudyOpened } from '../stats/viewer-stats';
import { setPrimaryTool, type PrimaryTool } from '../tools/tool-group';
import { voiRangeOf, WINDOW_PRESETS } from '../tools/window-presets';
import { h, replaceChildren } from '../ui/dom';
import { formatDicomDate } from '../ui/format';
import { notice } from '../ui/notice';
import { navBar } from './nav-bar';
import type { Page } from './page';
import { labelPanel } from './study/label-panel';
import { StudyStack } from './study/study-stack';
import { seenItem } from './worklist/worklist-query';

/** Starts Cornerstone3D and the rendering engine ahead of the first study (main.ts calls it while the worklist shows). */
export { warmViewer };

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
  warmViewer();
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

  const stack = new StudyStack(config.dicomwebRoot, config.progressive !== false);
  // Asked now, while the page is being put together: the series' metadata is the first thing the first image needs.
  const instances = stack.fetchSeries(client, item);

  return {
    element,
    mounted() {
      void panel.load();
      stack
        .show(instances, viewportElement as HTMLDivElement, { slice, readout, quality }, (viewport, tools) =>
          buildToolbar(toolbar, viewport, (tool) => setPrimaryTool(tools, tool)),
        )
        .catch((error: unknown) => {
          if (!stack.disposed)
            replaceChildren(status, notice(`Could not open the study: ${error instanceof Error ? error.message : String(error)}`));
        });
    },
    dispose() {
      stack.dispose();
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
