import { useCallback, useMemo, useRef, useState } from 'react';
import type { PostView } from '@shared/ipc/scheduling-channels';
import { hrefFor, navigate } from '../app/route';
import { useProfile } from '../brand/use-profile';
import { call, errorMessage } from '../ipc/client';
import { isScheduledAndUntouched, postTitle } from '../scheduling/post-wording';
import { ScheduledPostView } from '../scheduling/ScheduledPostView';
import { AsleepContext, useAsleep } from '../scheduling/use-asleep';
import { addDays, shiftMonth, timeOf, wallClock } from '../scheduling/zoned-time';
import { formatMonth, formatWhen, formatWallClock, weekDaysLabel, zoneName } from '../format/dates';
import { Modal } from '../ui/Modal';
import { ToastRegion, type ToastContent } from '../ui/Toast';
import { useIpcQuery } from '../data/use-ipc-query';
import { monthWeeks, openingHour, placePosts, weekDays, type CalendarView } from './calendar-grid';
import { MonthView } from './MonthView';
import { QueueSlotsEditor } from './QueueSlotsEditor';
import { LocalDates } from './LocalDates';
import { UpcomingList } from './UpcomingList';
import { useCalendarPosts } from './use-calendar-posts';
import { WeekView } from './WeekView';
import { LoadFailed } from '../ui/LoadFailed';

const VIEWS: ReadonlyArray<{ view: CalendarView; label: string }> = [
  { view: 'month', label: 'Month' },
  { view: 'week', label: 'Week' },
  { view: 'list', label: 'Upcoming' },
];

type Message = { tone: 'ok' | 'error'; text: string } | null;

const NO_MOVES = { loadedAt: -1, to: new Map<string, { date: string; time: string }>() };

/**
 * The Calendar: scheduled and published posts by month or week in the business's zone, and a
 * list of everything upcoming. Posts can be dragged to another day or hour, or opened (Enter or
 * a click) to reschedule, edit, unschedule or publish now. The weekly posting times live here too.
 */
export function CalendarPage() {
  const profile = useProfile();
  const zone = profile.data?.timeZone ?? null;
  const [view, setView] = useState<CalendarView>('month');
  const [now] = useState(() => Date.now());
  const [chosenAnchor, setAnchor] = useState<string | null>(null);
  const [moved, setMoved] = useState<{ loadedAt: number; to: ReadonlyMap<string, { date: string; time: string }> }>(NO_MOVES);
  const [message, setMessage] = useState<Message>(null);
  const [toast, setToast] = useState<ToastContent | null>(null);
  const toastCount = useRef(0);
  const closeToast = useCallback(() => setToast(null), []);
  const slots = useIpcQuery('scheduling.slots.get', {});
  const [open, setOpen] = useState<{ post: PostView; zone: string } | null>(null);
  const [listItems, setListItems] = useState<PostView[]>([]);
  const today = zone === null ? null : wallClock(now, zone).date;
  const anchor = chosenAnchor ?? today;

  const days = useMemo(() => {
    if (anchor === null || view === 'list') return null;
    return view === 'month' ? monthWeeks(anchor).flat() : weekDays(anchor);
  }, [anchor, view]);
  const { posts, reload } = useCalendarPosts(days);
  const items = useMemo(() => (posts.state === 'ready' ? posts.items : []), [posts]);
  const shownZone = posts.state === 'ready' ? posts.zone : (zone ?? 'UTC');
  // A drag shows the post at its new place until the next load, which shows where it really is.
  const loadedAt = posts.state === 'ready' ? posts.loadedAt : 0;
  const overrides = moved.loadedAt === loadedAt ? moved.to : NO_MOVES.to;

  // An open post stays current as it moves or goes out.
  const openNow = open && {
    post: (view === 'list' ? listItems : items).find((item) => item.postId === open.post.postId) ?? open.post,
    zone: open.zone,
  };

  /** Moves a post back to where it was before a drag or a reschedule (the toast's Undo). */
  const undoMove = async (postId: string, title: string, was: { date: string; time: string }) => {
    setToast(null);
    try {
      await call('scheduling.reschedule', { postId, ...was });
      setToast({ id: ++toastCount.current, message: `“${title}” is back at ${formatWallClock(was.date, was.time)}.` });
      reload();
    } catch (error) {
      setMessage({ tone: 'error', text: `“${title}” could not be moved back. ${errorMessage(error)}` });
    }
  };

  /** "Moved … to …", with Undo, after a post was moved (dragged, or rescheduled from its card). */
  const announceMove = (postId: string, title: string, toLabel: string, was: { date: string; time: string }) =>
    setToast({
      id: ++toastCount.current,
      message: `Moved “${title}” to ${toLabel}.`,
      action: { label: 'Undo', run: () => void undoMove(postId, title, was) },
    });

  const move = async (postId: string, date: string, hour: number | null) => {
    const post = items.find((item) => item.postId === postId);
    if (!post || post.scheduledAt === null) return;
    const title = postTitle(post);
    if (!isScheduledAndUntouched(post) || post.missedAt !== null) {
      setMessage({ tone: 'error', text: `“${title}” has already gone out or is waiting for you on the Publishing page, so it cannot be moved.` });
      return;
    }
    const was = wallClock(post.scheduledAt, shownZone);
    const to = { date, time: hour === null ? was.time : timeOf(hour * 60 + (was.minuteOfDay % 60)) };
    if (to.date === was.date && to.time === was.time) return;
    setMoved({ loadedAt, to: new Map(overrides).set(postId, to) });
    setMessage(null);
    try {
      await call('scheduling.reschedule', { postId, ...to });
      announceMove(postId, title, formatWallClock(to.date, to.time), { date: was.date, time: was.time });
      reload();
    } catch (error) {
      // Snap back to where it was, and say why.
      setMoved((prev) => {
        const next = new Map(prev.to);
        next.delete(postId);
        return { loadedAt: prev.loadedAt, to: next };
      });
      setMessage({ tone: 'error', text: `“${title}” stays at ${formatWallClock(was.date, was.time)}. ${errorMessage(error)}` });
    }
  };

  const openPost = (postId: string) => {
    const post = items.find((item) => item.postId === postId);
    if (post) setOpen({ post, zone: shownZone });
  };

  const step = (direction: -1 | 1) => {
    if (anchor === null) return;
    setAnchor(view === 'month' ? shiftMonth(anchor, direction) : addDays(anchor, 7 * direction));
  };

  // Posts due while the computer is likely asleep carry a mark (their card says why).
  const asleep = useAsleep(view === 'list' ? listItems : items);

  let heading = '';
  if (anchor !== null) {
    if (view === 'month') heading = formatMonth(anchor);
    else if (view === 'week' && days) heading = weekDaysLabel(days[0]!, days[6]!);
    else heading = 'Everything upcoming';
  }

  return (
    <AsleepContext.Provider value={asleep}>
      <header className="page-header">
        <h1>Calendar</h1>
        <div className="page-header-side">
          <a className="button" href={hrefFor({ page: 'compose', draftId: null })}>
            New post
          </a>
        </div>
      </header>

      {profile.isError && profile.data === undefined && (
        <LoadFailed action="open your calendar" message={errorMessage(profile.error)} onRetry={() => void profile.refetch()} />
      )}

      {anchor !== null && today !== null && (
        <>
          <div className="calendar-toolbar">
            <div className="segmented" role="group" aria-label="View">
              {VIEWS.map((option) => (
                <button
                  key={option.view}
                  type="button"
                  className="segmented-option"
                  aria-pressed={view === option.view}
                  onClick={() => setView(option.view)}
                >
                  {option.label}
                </button>
              ))}
            </div>
            {view !== 'list' && (
              <div className="calendar-nav">
                <button type="button" className="button button-secondary button-small" onClick={() => step(-1)}>
                  <span aria-hidden="true">‹</span> Previous<span className="visually-hidden"> {view}</span>
                </button>
                <button type="button" className="button button-secondary button-small" onClick={() => setAnchor(today)}>
                  Today
                </button>
                <button type="button" className="button button-secondary button-small" onClick={() => step(1)}>
                  Next<span className="visually-hidden"> {view}</span> <span aria-hidden="true">›</span>
                </button>
              </div>
            )}
          </div>
          <h2 className="calendar-heading" aria-live="polite">
            {heading} <span className="calendar-zone">· {zoneName(shownZone)}</span>
          </h2>
          {view !== 'list' && (
            <p className="hint calendar-help">
              Drag a post to another {view === 'month' ? 'day (it keeps its time)' : 'hour'} to move it, or select it and press Enter to
              open it.
            </p>
          )}

          <div className="calendar-message" role="status" aria-live="polite">
            {message && (
              <p className={message.tone === 'error' ? 'notice notice-error calendar-notice' : 'notice calendar-notice'}>
                {message.text}{' '}
                <button type="button" className="link-button" onClick={() => setMessage(null)}>
                  Dismiss
                </button>
              </p>
            )}
          </div>

          {view !== 'list' && posts.state === 'error' && (
            <LoadFailed action="load your calendar" message={posts.message} onRetry={reload} />
          )}
          {view !== 'list' && posts.state === 'loading' && (
            <p role="status" className="loading">
              Loading your calendar…
            </p>
          )}
          {view !== 'list' && posts.state === 'ready' && (
            <>
              {view === 'month' ? (
                <MonthView
                  weeks={monthWeeks(anchor)}
                  month={anchor.slice(0, 7)}
                  today={today}
                  placed={placePosts(items, shownZone, overrides)}
                  onOpen={openPost}
                  onDropPost={(postId, date) => void move(postId, date, null)}
                />
              ) : (
                <WeekView
                  firstHour={openingHour(
                    placePosts(items, shownZone, NO_MOVES.to),
                    (slots.data?.slots ?? []).map((slot) => slot.time),
                  )}
                  days={days ?? []}
                  today={today}
                  placed={placePosts(items, shownZone, overrides)}
                  onOpen={openPost}
                  onDropPost={(postId, date, hour) => void move(postId, date, hour)}
                />
              )}
              {items.length === 0 && (
                <p className="calendar-empty">
                  Nothing scheduled {view === 'month' ? 'this month' : 'this week'}. Write a post in{' '}
                  <a href={hrefFor({ page: 'compose', draftId: null })}>Compose</a> and choose “Schedule”, or open one of your{' '}
                  <a href={hrefFor({ page: 'drafts' })}>drafts</a>.
                </p>
              )}
            </>
          )}
          {view === 'list' && <UpcomingList onOpen={(post, listZone) => setOpen({ post, zone: listZone })} onLoaded={setListItems} />}

          <LocalDates />
          <QueueSlotsEditor />
        </>
      )}

      {openNow && (
        <Modal title={postTitle(openNow.post)} onClose={() => setOpen(null)}>
          <ScheduledPostView
            post={openNow.post}
            zone={openNow.zone}
            showText={false}
            linkToCalendar={false}
            onChanged={(post) => {
              const before = openNow.post.scheduledAt;
              setOpen({ post, zone: openNow.zone });
              if (post.scheduledAt !== null && before !== null && post.scheduledAt !== before) {
                const was = wallClock(before, openNow.zone);
                announceMove(post.postId, postTitle(post), formatWhen(post.scheduledAt, openNow.zone), { date: was.date, time: was.time });
              }
              reload();
            }}
            openDraft={() => navigate({ page: 'compose', draftId: openNow.post.postId })}
          />
        </Modal>
      )}
      <ToastRegion toast={toast} onClose={closeToast} />
    </AsleepContext.Provider>
  );
}
