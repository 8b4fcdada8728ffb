import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useSyncExternalStore } from 'react';
import type { ScheduleProblem } from '@shared/ipc/scheduling-channels';
import { IpcError } from '@shared/ipc/errors';
import { ipcQueryKey, useIpcQuery } from '../data/use-ipc-query';
import { errorMessage } from '../ipc/client';
import type { DraftSaver } from './draft-saver';

export type ScheduleCheck =
  /** Nothing saved yet: there is no post to check. */
  | { state: 'unsaved' }
  | { state: 'checking'; problems: ScheduleProblem[] | null }
  | { state: 'ready'; problems: ScheduleProblem[] }
  | { state: 'error'; message: string };

/**
 * What stands in the way of scheduling this draft, asked again after every save and whenever a
 * connection or the plan changes (reconnecting X clears "Connect X first" without a reload).
 */
export function useScheduleCheck(saver: DraftSaver): { check: ScheduleCheck; recheck: () => void } {
  const client = useQueryClient();
  const status = useSyncExternalStore(saver.subscribe, saver.getStatus);
  const savedAt = status.kind === 'saved' ? status.at : null;
  const request = { postId: saver.draftId };
  // Connections and the plan invalidate it through the contract's events; a save does here.
  const query = useIpcQuery('scheduling.check', request, { enabled: savedAt !== null });
  useEffect(() => {
    if (savedAt !== null) void client.invalidateQueries({ queryKey: ipcQueryKey('scheduling.check', { postId: saver.draftId }) });
  }, [client, savedAt, saver.draftId]);

  const { refetch } = query;
  const recheck = useCallback(() => void refetch(), [refetch]);
  if (savedAt === null && status.kind === 'idle') return { check: { state: 'unsaved' }, recheck };
  if (query.isFetching || (query.data === undefined && !query.isError)) {
    return { check: { state: 'checking', problems: query.data?.problems ?? null }, recheck };
  }
  if (query.isError) {
    // Not on disk yet (its first save is on the way): nothing to check.
    if (query.error instanceof IpcError && query.error.code === 'not_found') return { check: { state: 'unsaved' }, recheck };
    return { check: { state: 'error', message: errorMessage(query.error) }, recheck };
  }
  return { check: { state: 'ready', problems: query.data!.problems }, recheck };
}
