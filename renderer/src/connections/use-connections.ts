import type { UseQueryResult } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import type { ConnectionsOverview } from '@shared/ipc/connections-channels';
import { useIpcQuery } from '../data/use-ipc-query';
import { errorMessage } from '../ipc/client';

/** The platforms' connection states (`connections.list`), replaced by every `connections.changed`. */
export function useConnections(): UseQueryResult<ConnectionsOverview> {
  return useIpcQuery('connections.list', {});
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
