import { useEffect, useState } from 'react';
import type { PublishAttempt } from '@shared/ipc/publishing-channels';
import { call, errorMessage } from '../ipc/client';
import { formatWhen } from '../scheduling/zoned-time';

const OUTCOMES: Record<NonNullable<PublishAttempt['outcome']>, string> = {
  published: 'Published',
  failed: 'Failed',
  retry: 'Failed for now, tried again',
  rate_limited: 'Asked to wait',
  needs_reconnect: 'Sign-in refused',
  unknown: 'No answer',
};

/** Every try at one platform of a post: when, what the platform answered, how long it took. */
export function AttemptHistory({ targetId, zone }: { targetId: string; zone: string }) {
  const [loaded, setLoaded] = useState<{ attempts: PublishAttempt[] } | { error: string } | null>(null);
  useEffect(() => {
    let current = true;
    call('publishing.attempts', { targetId }).then(
      (value) => current && setLoaded({ attempts: value.attempts }),
      (error: unknown) => current && setLoaded({ error: errorMessage(error) }),
    );
    return () => {
      current = false;
    };
  }, [targetId]);

  if (loaded === null) {
    return (
      <p role="status" className="loading">
        Loading the tries…
      </p>
    );
  }
  if ('error' in loaded) {
    return (
      <p className="field-error" role="alert">
        We couldn’t load the tries. {loaded.error}
      </p>
    );
  }
  if (loaded.attempts.length === 0) return <p className="hint">No tries recorded.</p>;
  return (
    <table className="attempts">
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Result</th>
          <th scope="col">Platform’s answer</th>
          <th scope="col">Took</th>
        </tr>
      </thead>
      <tbody>
        {loaded.attempts.map((attempt, index) => (
          <tr key={index}>
            <td>{formatWhen(attempt.startedAt, zone)}</td>
            <td>{attempt.outcome === null ? 'In progress' : OUTCOMES[attempt.outcome]}</td>
            <td>
              {[attempt.httpStatus === null ? null : `HTTP ${attempt.httpStatus}`, attempt.platformErrorCode, attempt.message]
                .filter((part) => part !== null && part !== '')
                .join(' · ') || '—'}
            </td>
            <td>{attempt.durationMs === null ? '—' : attempt.durationMs < 1000 ? `${attempt.durationMs} ms` : `${(attempt.durationMs / 1000).toFixed(1)} s`}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
