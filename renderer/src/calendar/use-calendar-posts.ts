import { useCallback, useEffect, useState } from 'react';
import type { PostView } from '@shared/ipc/scheduling-channels';
import { call, errorMessage } from '../ipc/client';
import { useSchedulingChanges } from '../scheduling/use-scheduling-changes';
import { rangeFor } from './calendar-grid';

export type CalendarPosts =
  | { state: 'loading' }
  | { state: 'error'; message: string }
  | { state: 'ready'; zone: string; items: PostView[]; loadedAt: number };

/**
 * The posts on the days shown (`scheduling.calendar`), loaded again whenever a post is
 * scheduled, moved or goes out. `days` is null while no range is shown (the list view).
 */
export function useCalendarPosts(days: readonly string[] | null): { posts: CalendarPosts; reload: () => void } {
  const [round, setRound] = useState(0);
  const [posts, setPosts] = useState<{ key: string; value: CalendarPosts } | null>(null);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  useSchedulingChanges(reload);
  const rangeKey = days === null ? null : `${days[0]}…${days.at(-1)}`;
  const key = `${rangeKey}#${round}`;

  useEffect(() => {
    if (days === null) return;
    let current = true;
    call('scheduling.calendar', rangeFor(days)).then(
      (value) => current && setPosts({ key, value: { state: 'ready', zone: value.timeZone, items: value.items, loadedAt: Date.now() } }),
      (error: unknown) => current && setPosts({ key, value: { state: 'error', message: errorMessage(error) } }),
    );
    return () => {
      current = false;
    };
    // `days` is captured through rangeKey: a new array with the same days is the same range.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  // While a reload runs, keep showing what was there (no flash of "Loading…" on every event).
  if (posts === null || (posts.key.split('#')[0] !== rangeKey && posts.key !== key)) return { posts: { state: 'loading' }, reload };
  return { posts: posts.value, reload };
}
