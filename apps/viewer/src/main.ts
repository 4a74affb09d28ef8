import { signInPage } from './pages/sign-in-page';
import type { Page } from './pages/page';
import { navigate, parseRoute, type Route } from './pages/routes';
import { worklistPage } from './pages/worklist-page';
import { auditPage } from './pages/audit-page';
import { modelsPage } from './pages/models/models-page';
import { modelVersionPage } from './pages/models/model-version-page';
import { pipelinesPage } from './pages/pipelines/pipelines-page';
import { pipelineRunPage } from './pages/pipelines/pipeline-run-page';
import { currentSession, onSignedOut, restoreSession } from './session/session';
import { forgetViewerConfig } from './session/viewer-config';
import { h, replaceChildren } from './ui/dom';
import { notice } from './ui/notice';

const root = document.getElementById('app') ?? document.body;
let mounted: Page | undefined;
let generation = 0;

/** The page for a route; the study viewer (Cornerstone3D, most of the bundle) is loaded only when a study is opened. */
async function pageFor(route: Route): Promise<Page> {
  switch (route.page) {
    case 'sign-in':
      return signInPage();
    case 'worklist':
      return worklistPage();
    case 'audit':
      return auditPage();
    case 'study': {
      const { studyPage } = await import('./pages/study-page');
      return studyPage(route.imageSetId);
    }
    case 'pipelines':
      return pipelinesPage();
    case 'pipeline':
      return pipelineRunPage(route.executionId);
    case 'models':
      return modelsPage(route.group);
    case 'model':
      return modelVersionPage(route.group, route.version);
  }
}

/**
 * Loads the study viewer's chunk and starts Cornerstone3D (decode workers, the WebGL context) while the worklist is
 * on screen and the page is idle, so opening a study costs only the study's own requests.
 */
function preloadViewer(): void {
  const whenIdle = window.requestIdleCallback ?? ((run: () => void) => setTimeout(run, 0));
  whenIdle(() => {
    import('./pages/study-page')
      .then((viewer) => viewer.warmViewer())
      .catch((error: unknown) => console.warn('could not preload the study viewer', error));
  });
}

async function show(route: Route): Promise<void> {
  const mine = ++generation;
  if (route.page !== 'sign-in' && !currentSession()) {
    navigate({ page: 'sign-in' });
    return;
  }
  if (route.page === 'worklist' && currentSession()?.principal.role === 'auditor') {
    navigate({ page: 'audit' });
    return;
  }
  // A data scientist reads no worklist (PHI): the models are where their work is.
  if (route.page === 'worklist' && currentSession()?.principal.role === 'data-scientist') {
    navigate({ page: 'models' });
    return;
  }
  let page: Page;
  try {
    page = await pageFor(route);
  } catch (error) {
    page = { element: h('main', { class: 'page' }, notice(error instanceof Error ? error.message : String(error))) };
  }
  if (mine !== generation) {
    page.dispose?.();
    return;
  }
  mounted?.dispose?.();
  mounted = page;
  replaceChildren(root, page.element);
  page.mounted?.();
  if (route.page === 'worklist') preloadViewer();
}

async function start(): Promise<void> {
  onSignedOut(() => {
    forgetViewerConfig();
    navigate({ page: 'sign-in' });
  });
  window.addEventListener('hashchange', () => void show(parseRoute(location.hash)));
  await restoreSession().catch(() => undefined);
  const route = parseRoute(location.hash);
  if (route.page === 'sign-in' && currentSession()) navigate({ page: 'worklist' });
  else await show(route);
}

void start();
