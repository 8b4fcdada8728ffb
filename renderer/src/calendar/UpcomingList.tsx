import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { PostView } from '@shared/ipc/scheduling-channels';
import { hrefFor } from '../app/route';
import { ipcQueryOptions } from '../data/use-ipc-query';
import { errorMessage } from '../ipc/client';
import { formatLongDay } from '../format/dates';
import { placePosts } from './calendar-grid';
import { PostChip } from './PostChip';
import { LoadFailed } from '../ui/LoadFailed';

const PAGE = 50;

type Loaded = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; zone: string; items: PostView[]; hasMore: boolean };

/** Everything still to go out, soonest first, by day. */
export function UpcomingList({ onOpen, onLoaded }: { onOpen: (post: PostView, zone: string) => void; onLoaded: (items: PostView[]) => void }) {
  const [limit, setLimit] = useState(PAGE);
  // "Show more" asks for a longer list; the shorter one stays on screen until it arrives.
  const query = useQuery({ ...ipcQueryOptions('scheduling.upcoming', { limit: Math.min(limit, 200), offset: 0 }), placeholderData: keepPreviousData });
  const list = query.data;
  useEffect(() => {
    if (list) onLoaded(list.items);
  }, [list, onLoaded]);
  const loaded: Loaded = list
    ? { state: 'ready', zone: list.timeZone, items: list.items, hasMore: list.hasMore }
    : query.isError
      ? { state: 'error', message: errorMessage(query.error) }
      : { state: 'loading' };
  const reload = () => void query.refetch();

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
