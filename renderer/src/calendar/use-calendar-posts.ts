import { useCallback } from 'react';
import type { PostView } from '@shared/ipc/scheduling-channels';
import { useIpcQuery } from '../data/use-ipc-query';
import { errorMessage } from '../ipc/client';
import { rangeFor } from './calendar-grid';

export type CalendarPosts =
  | { state: 'loading' }
  | { state: 'error'; message: string }
  | { state: 'ready'; zone: string; items: PostView[]; loadedAt: number };

/**
 * The posts on the days shown (`scheduling.calendar`), read again whenever a post is
 * scheduled, moved or goes out (the contract's events invalidate it). `days` is null while no
 * range is shown (the list view). While a reload runs, what was there stays on screen.
 */
export function useCalendarPosts(days: readonly string[] | null): { posts: CalendarPosts; reload: () => void } {
  const range = days === null ? { from: 0, to: 1 } : rangeFor(days);
  const query = useIpcQuery('scheduling.calendar', range, { enabled: days !== null });
  const { refetch } = query;
  const reload = useCallback(() => void refetch(), [refetch]);
  if (days === null || (query.data === undefined && !query.isError)) return { posts: { state: 'loading' }, reload };
  if (query.data === undefined) return { posts: { state: 'error', message: errorMessage(query.error) }, reload };
  // `dataUpdatedAt` marks each answer, so a drag's provisional place lasts until the next one.
  return { posts: { state: 'ready', zone: query.data.timeZone, items: query.data.items, loadedAt: query.dataUpdatedAt }, reload };
}
