import { useState, type FormEvent } from 'react';
import { errorMessage } from '../ipc/client';
import { isCompleteWhen, WhenFields } from './WhenFields';
import { formatWallClock } from '../format/dates';

/**
 * Moves a post to another day and time (the keyboard way to do what dragging does on the
 * calendar). `submit` runs the move; its refusal is shown in plain words and nothing changes.
 */
export function RescheduleForm({
  initial,
  zone,
  submitLabel = 'Move to',
  submit,
  onCancel,
}: {
  initial: { date: string; time: string };
  zone: string;
  submitLabel?: string;
  submit: (when: { date: string; time: string }) => Promise<void>;
  onCancel: () => void;
}) {
  const [when, setWhen] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const complete = isCompleteWhen(when);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!complete) {
      setProblem('Choose a date and a time.');
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      await submit(when);
    } catch (error) {
      setProblem(errorMessage(error));
      setBusy(false);
    }
  };

  return (
    <form className="reschedule-form" onSubmit={(event) => void onSubmit(event)}>
      <WhenFields date={when.date} time={when.time} zone={zone} onChange={setWhen} disabled={busy} />
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
      <p className="actions">
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Moving…' : complete ? `${submitLabel} ${formatWallClock(when.date, when.time)}` : submitLabel}
        </button>
        <button type="button" className="button button-secondary" disabled={busy} onClick={onCancel}>
          Cancel
        </button>
      </p>
    </form>
  );
}
