import { useEffect, useState } from 'react';
import { parseRoute } from './pages';
import type { Route } from './route';

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
