import { useId } from 'react';
import { zoneName } from '../format/dates';

/** A day and a time in the business's zone, with the zone written beside them. */
export function WhenFields({
  date,
  time,
  zone,
  onChange,
  disabled = false,
}: {
  date: string;
  time: string;
  zone: string;
  onChange: (when: { date: string; time: string }) => void;
  disabled?: boolean;
}) {
  const id = useId();
  return (
    <div className="when-fields">
      <div className="field">
        <label htmlFor={`${id}-date`}>Date</label>
        <input
          id={`${id}-date`}
          type="date"
          required
          value={date}
          disabled={disabled}
          onChange={(event) => onChange({ date: event.target.value, time })}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-time`}>Time</label>
        <input
          id={`${id}-time`}
          type="time"
          required
          step={60}
          value={time}
          disabled={disabled}
          onChange={(event) => onChange({ date, time: event.target.value })}
        />
      </div>
      <p className="when-zone">{zoneName(zone)}</p>
    </div>
  );
}

/** True when both fields hold a whole value the contract accepts. */
export function isCompleteWhen(when: { date: string; time: string }): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(when.date) && /^([01]\d|2[0-3]):[0-5]\d$/.test(when.time);
}
