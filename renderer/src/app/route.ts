import type { PageId } from './pages';

/**
 * The app's pages live in the URL hash, so a reload (or a crash and restart) reopens the page
 * and the draft the owner was on, under both `app://` and the browser host. The pages
 * themselves are listed once, in `pages.tsx`; this file only turns a route into a link.
 */
export type Route = { page: 'compose'; draftId: string | null } | { page: Exclude<PageId, 'compose'> };

export function hrefFor(route: Route): string {
  if (route.page === 'compose') return route.draftId ? `#/compose/${route.draftId}` : '#/compose';
  return `#/${route.page}`;
}

export function navigate(route: Route): void {
  window.location.hash = hrefFor(route);
}

/**
 * Records that a new draft now has an id without reloading the page: replaceState fires no
 * hashchange, so the Compose page that made the id stays mounted.
 */
export function rememberDraftInUrl(draftId: string): void {
  window.history.replaceState(null, '', hrefFor({ page: 'compose', draftId }));
}
