import { weekdayName } from '../format/dates';
import type { Placed } from './calendar-grid';
import { dropTarget } from './drop-target';
import { PostChip } from './PostChip';

/**
 * A month, Monday first. Dropping a post on another day moves it there at the same time of day.
 */
export function MonthView({
  weeks,
  month,
  today,
  placed,
  onOpen,
  onDropPost,
}: {
  weeks: string[][];
  /** "2026-12": days outside it are shown dimmed. */
  month: string;
  today: string;
  placed: Placed[];
  onOpen: (postId: string) => void;
  onDropPost: (postId: string, date: string) => void;
}) {
  return (
    <table className="calendar-month">
      <thead>
        <tr>
          {[1, 2, 3, 4, 5, 6, 7].map((weekday) => (
            <th key={weekday} scope="col">
              <abbr title={weekdayName(weekday)}>{weekdayName(weekday, 'short')}</abbr>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {weeks.map((week) => (
          <tr key={week[0]}>
            {week.map((date) => {
              const posts = placed.filter((p) => p.date === date);
              const classes = ['calendar-day', date.startsWith(month) ? '' : 'calendar-day-other', date === today ? 'calendar-today' : '']
                .filter(Boolean)
                .join(' ');
              return (
                <td key={date} className={classes} data-date={date} {...dropTarget((postId) => onDropPost(postId, date))}>
                  <span className="calendar-day-number" aria-label={date === today ? `${Number(date.slice(8))}, today` : undefined}>
                    {Number(date.slice(8))}
                  </span>
                  {posts.length > 0 && (
                    <ul className="calendar-posts">
                      {posts.map((p) => (
                        <li key={p.post.postId}>
                          <PostChip placed={p} onOpen={() => onOpen(p.post.postId)} />
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
