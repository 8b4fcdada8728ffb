import { useCallback, useEffect, useState } from 'react';
import type { ConnectionsOverview } from '@shared/ipc/connections-channels';
import { call, errorMessage, subscribe } from '../ipc/client';

export type ConnectionsState =
  | { state: 'loading' }
  | { state: 'error'; message: string }
  | { state: 'ready'; overview: ConnectionsOverview };

/** The platforms' connection states, kept current by `connections.changed`. */
export function useConnections(attempt: number): ConnectionsState {
  const [loaded, setLoaded] = useState<{ attempt: number; value: ConnectionsState } | null>(null);
  useEffect(() => {
    let live = true;
    const set = (value: ConnectionsState) => live && setLoaded({ attempt, value });
    // Subscribe first so a change that lands while the list is on its way is not lost.
    const stop = subscribe('connections.changed', (overview) => set({ state: 'ready', overview }));
    call('connections.list', {}).then(
      (overview) => set({ state: 'ready', overview }),
      (error: unknown) => set({ state: 'error', message: errorMessage(error) }),
    );
    return () => {
      live = false;
      stop();
    };
  }, [attempt]);
  return loaded?.attempt === attempt ? loaded.value : { state: 'loading' };
}

/** Runs one connections action; failures come back as a plain-words message. */
export function useConnectionAction(): {
  busy: boolean;
  error: string | null;
  run: (action: () => Promise<unknown>) => Promise<boolean>;
  clearError: () => void;
} {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      return true;
    } catch (caught) {
      setError(errorMessage(caught));
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run, clearError: () => setError(null) };
}
