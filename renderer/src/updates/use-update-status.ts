import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import type { UpdateStatus } from '@shared/ipc/updates-channels';
import type { UpdateAction } from '@shared/updates/describe-update';
import { ipcQueryKey, useIpcQuery } from '../data/use-ipc-query';
import { call, errorMessage } from '../ipc/client';

const CHANNEL: Record<UpdateAction['kind'], 'updates.check' | 'updates.download' | 'updates.restart'> = {
  check: 'updates.check',
  download: 'updates.download',
  restart: 'updates.restart',
};

/**
 * The app's update state (`updates.status`), replaced by every `updates.changed`, and `run` for
 * the state's button. `failure` is a transport error in plain words (the update's own errors
 * are part of the state).
 */
export function useUpdateStatus(): { status: UpdateStatus | null; failure: string | null; run: (action: UpdateAction) => void } {
  const client = useQueryClient();
  const query = useIpcQuery('updates.status', {});
  const [failure, setFailure] = useState<string | null>(null);

  const run = useCallback(
    (action: UpdateAction) => {
      setFailure(null);
      call(CHANNEL[action.kind], {}).then(
        (status) => client.setQueryData(ipcQueryKey('updates.status', {}), status),
        (error: unknown) => setFailure(errorMessage(error)),
      );
    },
    [client],
  );

  const loadFailure = query.isError && query.data === undefined ? errorMessage(query.error) : null;
  return { status: query.data ?? null, failure: failure ?? loadFailure, run };
}
