import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { LicenceStatus } from '@shared/ipc/licence-channels';
import { ipcQueryKey, useIpcQuery } from '../data/use-ipc-query';
import { errorMessage } from '../ipc/client';

export interface LicenceStatusState {
  status: LicenceStatus | null;
  error: string | null;
  /** Reads the stored status again (no network). */
  reload: () => void;
  /** Takes a status an action answered with. */
  update: (status: LicenceStatus) => void;
}

/** The licence status (`licence.status`), replaced by every `licence.changed` (sync, deep link). */
export function useLicenceStatus(): LicenceStatusState {
  const client = useQueryClient();
  const query = useIpcQuery('licence.status', {});
  const update = useCallback((status: LicenceStatus) => client.setQueryData(ipcQueryKey('licence.status', {}), status), [client]);
  const { refetch } = query;
  const reload = useCallback(() => void refetch(), [refetch]);
  return {
    status: query.data ?? null,
    // A failed reload keeps the status on screen; the error shows only when there is none.
    error: query.isError && query.data === undefined ? errorMessage(query.error) : null,
    reload,
    update,
  };
}
