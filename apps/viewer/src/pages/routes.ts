import type { ImageSetId } from '@triage/dicom';

/** The pages, as the URL's hash names them: ids only, never a name (URLs end up in history and logs). */
export type Route =
  | { page: 'sign-in' }
  | { page: 'worklist' }
  | { page: 'study'; imageSetId: ImageSetId }
  | { page: 'audit' }
  | { page: 'pipelines' }
  | { page: 'pipeline'; executionId: string }
  | { page: 'models'; group?: string }
  | { page: 'model'; group: string; version: number };

/** The route a location hash names; anything unknown is the worklist. */
export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '');
  if (path === '/sign-in') return { page: 'sign-in' };
  if (path === '/audit') return { page: 'audit' };
  if (path === '/pipelines') return { page: 'pipelines' };
  if (path === '/models') return { page: 'models' };
  const study = /^\/study\/([A-Za-z0-9._-]{1,128})$/.exec(path);
  if (study) return { page: 'study', imageSetId: study[1] };
  const pipeline = /^\/pipelines\/([a-z0-9]{1,64})$/.exec(path);
  if (pipeline) return { page: 'pipeline', executionId: pipeline[1] };
  // Group names as SageMaker allows them: letters, digits and hyphens.
  const model = /^\/models\/([A-Za-z0-9-]{1,63})(?:\/(\d{1,9}))?$/.exec(path);
  if (model) return model[2] ? { page: 'model', group: model[1], version: Number(model[2]) } : { page: 'models', group: model[1] };
  return { page: 'worklist' };
}

/** The hash of a route. */
export function routeHash(route: Route): string {
  switch (route.page) {
    case 'study':
      return `#/study/${encodeURIComponent(route.imageSetId)}`;
    case 'pipeline':
      return `#/pipelines/${encodeURIComponent(route.executionId)}`;
    case 'models':
      return route.group ? `#/models/${encodeURIComponent(route.group)}` : '#/models';
    case 'model':
      return `#/models/${encodeURIComponent(route.group)}/${route.version}`;
    default:
      return `#/${route.page}`;
  }
}

/** Goes to a route (a new history entry). */
export function navigate(route: Route): void {
  const hash = routeHash(route);
  if (location.hash === hash) window.dispatchEvent(new HashChangeEvent('hashchange'));
  else location.hash = hash;
}
