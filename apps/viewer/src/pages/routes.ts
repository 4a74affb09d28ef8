import type { ImageSetId } from '@triage/dicom';

/** The pages, as the URL's hash names them: ids only, never a name (URLs end up in history and logs). */
export type Route = { page: 'sign-in' } | { page: 'worklist' } | { page: 'study'; imageSetId: ImageSetId } | { page: 'audit' };

/** The route a location hash names; anything unknown is the worklist. */
export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '');
  if (path === '/sign-in') return { page: 'sign-in' };
  if (path === '/audit') return { page: 'audit' };
  const study = /^\/study\/([A-Za-z0-9._-]{1,128})$/.exec(path);
  if (study) return { page: 'study', imageSetId: study[1] };
  return { page: 'worklist' };
}

/** The hash of a route. */
export function routeHash(route: Route): string {
  return route.page === 'study' ? `#/study/${encodeURIComponent(route.imageSetId)}` : `#/${route.page}`;
}

/** Goes to a route (a new history entry). */
export function navigate(route: Route): void {
  const hash = routeHash(route);
  if (location.hash === hash) window.dispatchEvent(new HashChangeEvent('hashchange'));
  else location.hash = hash;
}
