import { useCallback, useEffect, useState } from 'react';
import type { PostView } from '@shared/ipc/scheduling-channels';
import { hrefFor } from '../app/route';
import { call, errorMessage } from '../ipc/client';
import { useSchedulingChanges } from '../scheduling/use-scheduling-changes';
import { formatLongDay } from '../scheduling/zoned-time';
import { placePosts } from './calendar-grid';
import { PostChip } from './PostChip';
import { LoadFailed } from '../ui/LoadFailed';

const PAGE = 50;

type Loaded = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; zone: string; items: PostView[]; hasMore: boolean };

/** Everything still to go out, soonest first, by day. */
export function UpcomingList({ onOpen, onLoaded }: { onOpen: (post: PostView, zone: string) => void; onLoaded: (items: PostView[]) => void }) {
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const [limit, setLimit] = useState(PAGE);
  const [round, setRound] = useState(0);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  useSchedulingChanges(reload);

  useEffect(() => {
    let current = true;
    call('scheduling.upcoming', { limit: Math.min(limit, 200), offset: 0 }).then(
      (list) => {
        if (!current) return;
        setLoaded({ state: 'ready', zone: list.timeZone, items: list.items, hasMore: list.hasMore });
        onLoaded(list.items);
      },
      (error: unknown) => current && setLoaded({ state: 'error', message: errorMessage(error) }),
    );
    return () => {
      current = false;
    };
  }, [limit, round, onLoaded]);

  if (loaded.state === 'loading') {
    return (
      <p role="status" className="loading">
        Loading what is coming up…
      </p>
    );
  }
  if (loaded.state === 'error') {
    return (
      <LoadFailed action="load your upcoming posts" message={loaded.message} onRetry={reload} />
    );
  }
  if (loaded.items.length === 0) {
    return (
      <div className="empty-state">
        <p>Nothing is scheduled yet. Write a post, then choose “Schedule” under it.</p>
        <a className="button" href={hrefFor({ page: 'compose', draftId: null })}>
          Write a post
        </a>
      </div>
    );
  }

  const placed = placePosts(loaded.items, loaded.zone, new Map());
  const days = [...new Set(placed.map((p) => p.date))];
  return (
    <>
      <div className="upcoming-list">
        {days.map((date) => (
          <section key={date} aria-labelledby={`day-${date}`}>
            <h3 id={`day-${date}`}>{formatLongDay(date)}</h3>
            <ul>
              {placed
                .filter((p) => p.date === date)
                .map((p) => (
                  <li key={p.post.postId}>
                    <PostChip placed={p} onOpen={() => onOpen(p.post, loaded.zone)} />
                  </li>
                ))}
            </ul>
          </section>
        ))}
      </div>
      {loaded.hasMore && limit < 200 && (
        <p className="load-more">
          <button type="button" className="button button-secondary" onClick={() => setLimit((n) => n + PAGE)}>
            Show more
          </button>
        </p>
      )}
    </>
  );
}
