import type { PublishAttempt } from '@shared/ipc/publishing-channels';
import { QueryState } from '../data/QueryState';
import { useIpcQuery } from '../data/use-ipc-query';
import { formatWhen } from '../format/dates';

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
  const query = useIpcQuery('publishing.attempts', { targetId });
  return (
    <QueryState query={query} loading="Loading the attempts…" action="load the attempts">
      {({ attempts }) => (attempts.length === 0 ? <p className="hint">No attempts recorded.</p> : <AttemptTable attempts={attempts} zone={zone} />)}
    </QueryState>
  );
}

function AttemptTable({ attempts, zone }: { attempts: PublishAttempt[]; zone: string }) {
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
        {attempts.map((attempt, index) => (
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
