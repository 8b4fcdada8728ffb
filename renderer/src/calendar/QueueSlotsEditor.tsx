import { useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import type { QueueSlot } from '@shared/ipc/scheduling-channels';
import { ipcQueryKey, useIpcQuery } from '../data/use-ipc-query';
import { call, errorMessage } from '../ipc/client';
import { minutesOf } from '../scheduling/zoned-time';
import { formatTime, weekdayName, zoneName } from '../format/dates';
import { LoadFailed } from '../ui/LoadFailed';

type Loaded = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; zone: string; slots: QueueSlot[] };

function sorted(slots: QueueSlot[]): QueueSlot[] {
  return [...slots].sort((a, b) => a.weekday - b.weekday || minutesOf(a.time) - minutesOf(b.time));
}

/**
 * The weekly posting times "Add to next free slot" picks from, in the business's zone. Every
 * add or remove is saved straight away (`scheduling.slots.set`).
 */
export function QueueSlotsEditor() {
  const id = useId();
  const client = useQueryClient();
  const query = useIpcQuery('scheduling.slots.get', {});
  const loaded: Loaded = query.data
    ? { state: 'ready', zone: query.data.timeZone, slots: sorted(query.data.slots) }
    : query.isError
      ? { state: 'error', message: errorMessage(query.error) }
      : { state: 'loading' };
  const [weekday, setWeekday] = useState(1);
  const [time, setTime] = useState('09:00');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  const save = async (slots: QueueSlot[], done: string) => {
    setBusy(true);
    setProblem(null);
    setSaved(null);
    try {
      client.setQueryData(ipcQueryKey('scheduling.slots.get', {}), await call('scheduling.slots.set', { slots }));
      setSaved(done);
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  const add = (event: FormEvent) => {
    event.preventDefault();
    if (loaded.state !== 'ready') return;
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) {
      setProblem('Choose a time.');
      return;
    }
    if (loaded.slots.some((slot) => slot.weekday === weekday && slot.time === time)) {
      setProblem(`${weekdayName(weekday)} at ${formatTime(time)} is already in your posting times.`);
      return;
    }
    void save([...loaded.slots, { weekday, time }], `Added ${weekdayName(weekday)} at ${formatTime(time)}.`);
  };

  return (
    <section className="settings-section queue-slots" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Weekly posting times</h2>
      <p className="hint">
        “Add to next free slot” in Compose puts a post at the next of these times that has no post yet
        {loaded.state === 'ready' ? ` (${zoneName(loaded.zone)})` : ''}.
      </p>
      {loaded.state === 'loading' && (
        <p role="status" className="loading">
          Loading your posting times…
        </p>
      )}
      {loaded.state === 'error' && (
        <LoadFailed action="load your posting times" message={loaded.message} onRetry={() => void query.refetch()} />
      )}
      {loaded.state === 'ready' && (
        <>
          {loaded.slots.length === 0 ? (
            <p className="queue-empty">No posting times yet. Add the days and times you like to post, for example Monday at 9:00 am.</p>
          ) : (
            <ul className="queue-slot-list">
              {loaded.slots.map((slot) => {
                const label = `${weekdayName(slot.weekday)} at ${formatTime(slot.time)}`;
                return (
                  <li key={`${slot.weekday}-${slot.time}`} className="queue-slot-row">
                    <span>{label}</span>
                    <button
                      type="button"
                      className="button button-secondary button-small"
                      disabled={busy}
                      onClick={() =>
                        void save(
                          loaded.slots.filter((s) => s !== slot),
                          `Removed ${label}.`,
                        )
                      }
                    >
                      Remove<span className="visually-hidden"> {label}</span>
                    </button>
                  </li>
                );
              })}
            </ul>
          )}
          <form className="queue-slot-add" onSubmit={add}>
            <div className="field">
              <label htmlFor={`${id}-day`}>Day</label>
              <select id={`${id}-day`} value={weekday} onChange={(event) => setWeekday(Number(event.target.value))}>
                {[1, 2, 3, 4, 5, 6, 7].map((day) => (
                  <option key={day} value={day}>
                    {weekdayName(day)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${id}-time`}>Time</label>
              <input id={`${id}-time`} type="time" step={60} value={time} onChange={(event) => setTime(event.target.value)} />
            </div>
            <button type="submit" className="button" disabled={busy}>
              Add posting time
            </button>
          </form>
          {problem && (
            <p className="field-error" role="alert">
              {problem}
            </p>
          )}
          {saved && (
            <p className="save-status save-status-ok" role="status">
              {saved}
            </p>
          )}
        </>
      )}
    </section>
  );
}
