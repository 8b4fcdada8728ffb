import { useEffect, useRef } from 'react';
import { timeOf } from '../scheduling/zoned-time';
import { formatDay, formatTime } from '../format/dates';
import type { Placed } from './calendar-grid';
import { dropTarget } from './drop-target';
import { PostChip } from './PostChip';

const HOURS = Array.from({ length: 24 }, (_, h) => h);

/**
 * A week in hour slots. Dropping a post on a slot moves it to that day and hour (keeping its
 * minutes). The grid scrolls; it opens at `firstHour` (calendar-grid's openingHour).
 */
export function WeekView({
  days,
  today,
  placed,
  onOpen,
  onDropPost,
  firstHour,
}: {
  firstHour: number;
  days: string[];
  today: string;
  placed: Placed[];
  onOpen: (postId: string) => void;
  onDropPost: (postId: string, date: string, hour: number) => void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const firstRow = useRef<HTMLTableRowElement>(null);
  useEffect(() => {
    const header = scroller.current?.querySelector('thead');
    if (scroller.current && firstRow.current) scroller.current.scrollTop = firstRow.current.offsetTop - (header?.offsetHeight ?? 0);
    // Once per week shown: moving a post must not scroll the grid under the owner's hand.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [days[0]]);
  return (
    <div className="calendar-week-scroll" ref={scroller} tabIndex={-1}>
      <table className="calendar-week">
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">Time</span>
            </th>
            {days.map((date) => (
              <th key={date} scope="col" className={date === today ? 'calendar-today' : undefined}>
                {formatDay(date)}
                {date === today && <span className="visually-hidden"> (today)</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {HOURS.map((hour) => (
            <tr key={hour} ref={hour === firstHour ? firstRow : undefined}>
              <th scope="row" className="calendar-hour">
                {formatTime(timeOf(hour * 60))}
              </th>
              {days.map((date) => {
                const posts = placed.filter((p) => p.date === date && Math.floor(p.minuteOfDay / 60) === hour);
                return (
                  <td key={date} className="calendar-slot" data-date={date} data-hour={hour} {...dropTarget((postId) => onDropPost(postId, date, hour))}>
                    {posts.map((p) => (
                      <PostChip key={p.post.postId} placed={p} onOpen={() => onOpen(p.post.postId)} />
                    ))}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
