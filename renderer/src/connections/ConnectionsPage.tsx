import { QueryState } from '../data/QueryState';
import { ConnectionCard } from './ConnectionCard';
import { useConnections } from './use-connections';

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
          {overview.protection === 'weak' && (
            <div className="notice notice-error" role="note">
              <p>Your saved sign-ins are not protected by a system keyring.</p>
              <p>
                This computer has no password manager (keyring) that AgencyIQ can use, so anyone who can read your files
                could use your connected accounts. Installing and unlocking GNOME Keyring or KWallet fixes this; then
                reconnect your accounts.
              </p>
            </div>
          )}
          {overview.protection === 'file' && (
            <p className="hint connection-protection">
              Saved sign-ins are encrypted with a key file in this app’s data folder (development host).
            </p>
          )}
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
