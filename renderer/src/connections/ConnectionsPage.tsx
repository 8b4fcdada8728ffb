import { useState } from 'react';
import { ConnectionCard } from './ConnectionCard';
import { useConnections } from './use-connections';
import { LoadFailed } from '../ui/LoadFailed';
import { SecretStoragePanel } from '../secrets/SecretStoragePanel';

/** Connections: sign in to each network in the owner's own browser, and see where each stands. */
export function ConnectionsPage() {
  const [attempt, setAttempt] = useState(0);
  const loaded = useConnections(attempt);
  return (
    <>
      <header className="page-header">
        <h1>Connections</h1>
      </header>
      <p className="lead">
        Connect the accounts AgencyIQ should post to. Each one opens in your web browser, where you sign in and allow
        AgencyIQ; your password never passes through AgencyIQ.
      </p>
      {loaded.state === 'loading' && (
        <p role="status" className="loading">
          Loading your connections…
        </p>
      )}
      {loaded.state === 'error' && (
        <LoadFailed action="load your connections" message={loaded.message} onRetry={() => setAttempt((n) => n + 1)} />
      )}
      {loaded.state === 'ready' && (
        <>
          <SecretStoragePanel where="connections" />
          <div className="connection-list">
            {loaded.overview.platforms.map((connection) => (
              <ConnectionCard key={connection.platform} connection={connection} />
            ))}
          </div>
        </>
      )}
    </>
  );
}
