import { QueryState } from '../data/QueryState';
import { ConnectionCard } from './ConnectionCard';
import { useConnections } from './use-connections';
import { SecretStoragePanel } from '../secrets/SecretStoragePanel';

/** Connections: sign in to each network in the owner's own browser, and see where each stands. */
export function ConnectionsPage() {
  const connections = useConnections();
  return (
    <>
      <header className="page-header">
        <h1>Connections</h1>
      </header>
      <p className="lead">
        Connect the accounts AgencyIQ should post to. Each one opens in your web browser, where you sign in and allow
        AgencyIQ; your password never passes through AgencyIQ.
      </p>
      <QueryState query={connections} loading="Loading your connections…" action="load your connections">
        {(overview) => (
        <>
          <SecretStoragePanel where="connections" />
          <div className="connection-list">
            {overview.platforms.map((connection) => (
              <ConnectionCard key={connection.platform} connection={connection} />
            ))}
          </div>
        </>
        )}
      </QueryState>
    </>
  );
}
