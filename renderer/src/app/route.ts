import { useEffect, useState } from 'react';

/**
 * The app's pages live in the URL hash, so a reload (or a crash and restart) reopens the page
 * and the draft the owner was on, under both `app://` and the browser host.
 */
export type Route =
  | { page: 'compose'; draftId: string | null }
  | { page: 'drafts' }
  | { page: 'calendar' }
  | { page: 'publishing' }
  | { page: 'brand' }
  | { page: 'connections' }
  | { page: 'plan' }
  | { page: 'settings' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function parseRoute(hash: string): Route {
  const [page, id] = hash.replace(/^#\/?/, '').split('/');
  if (page === 'drafts') return { page: 'drafts' };
  if (page === 'calendar') return { page: 'calendar' };
  if (page === 'publishing') return { page: 'publishing' };
  if (page === 'brand') return { page: 'brand' };
  if (page === 'settings') return { page: 'settings' };
  if (page === 'connections') return { page: 'connections' };
  if (page === 'plan') return { page: 'plan' };
  return { page: 'compose', draftId: id !== undefined && UUID.test(id) ? id : null };
}

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

/** The current route, plus a counter that changes on every navigation (keys a fresh "new draft"). */
export function useRoute(): { route: Route; visit: number } {
  const [state, setState] = useState(() => ({ route: parseRoute(window.location.hash), visit: 0 }));
  useEffect(() => {
    const onChange = () => setState((prev) => ({ route: parseRoute(window.location.hash), visit: prev.visit + 1 }));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return state;
}
