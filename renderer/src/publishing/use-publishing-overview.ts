import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { ResponseOf } from '@shared/ipc/contract';
import type { PostView } from '@shared/ipc/scheduling-channels';
import { ipcQueryKey, useIpcQuery } from '../data/use-ipc-query';
import { errorMessage } from '../ipc/client';
import { replacePost } from './patch-overview';

export type Overview = ResponseOf<'publishing.overview'>;
export type OverviewState = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; overview: Overview };

/**
 * The publishing overview (`publishing.overview`). Each `publishing.target-changed` patches the
 * target at once and then reloads it to regroup the posts between the sections
 * (`data/use-contract-events.ts`).
 */
export function usePublishingOverview(): { loaded: OverviewState; reload: () => void; replace: (post: PostView) => void } {
  const client = useQueryClient();
  const query = useIpcQuery('publishing.overview', {});
  const { refetch } = query;
  const reload = useCallback(() => void refetch(), [refetch]);
  /** Takes the post an action answered with, until the next reload regroups it. */
  const replace = useCallback(
    (post: PostView) =>
      client.setQueryData<Overview>(ipcQueryKey('publishing.overview', {}), (overview) => (overview ? replacePost(overview, post) : overview)),
    [client],
  );
  const loaded: OverviewState =
    query.data !== undefined
      ? { state: 'ready', overview: query.data }
      : query.isError
        ? { state: 'error', message: errorMessage(query.error) }
        : { state: 'loading' };
  return { loaded, reload, replace };
}
