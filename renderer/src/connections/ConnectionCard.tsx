import { useEffect, useRef, useState } from 'react';
import type { PlatformConnection } from '@shared/ipc/connections-channels';
import { PROVIDERS } from '@shared/platforms/providers';
import { call } from '../ipc/client';
import { PlatformLogo } from '../ui/PlatformLogo';
import { useConnectionAction } from './use-connections';

/** One platform on the Connections page: where it stands and what the owner can do about it. */
export function ConnectionCard({ connection }: { connection: PlatformConnection }) {
  const provider = PROVIDERS[connection.platform];
  const { status, platform } = connection;
  const action = useConnectionAction();
  const [confirming, setConfirming] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const headingId = `connection-${platform}`;

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  const connect = () => action.run(() => call('connections.connect', { platform }));
  const cancel = () => action.run(() => call('connections.cancel', { platform }));
  const disconnect = async () => {
    if (await action.run(() => call('connections.disconnect', { platform }))) setConfirming(false);
  };

  return (
    <section className={`connection-card connection-${status.state}`} aria-labelledby={headingId}>
      <div className="connection-main">
        <h2 id={headingId} className="connection-heading">
          <PlatformLogo platform={platform} />
          {provider.label}
        </h2>
        <p className="hint">{provider.accountKind}</p>
        <p className="connection-status" role="status">
          <StatusText connection={connection} />
        </p>
        {connection.notice !== null && <p className="connection-notice">{connection.notice}</p>}
        {action.error !== null && (
          <p className="field-error" role="alert">
            {action.error}
          </p>
        )}
      </div>

      {status.state === 'choosing_page' && (
        <fieldset className="page-choice">
          <legend>Which Page should AgencyIQ post to?</legend>
          <div className="actions">
            {status.pages.map((page) => (
              <button
                key={page.id}
                type="button"
                className="button button-secondary"
                disabled={action.busy}
                onClick={() =>
                  action.run(() =>
                    call('connections.choosePage', { platform: platform as 'facebook' | 'instagram', pageId: page.id }),
                  )
                }
              >
                {page.name}
              </button>
            ))}
          </div>
        </fieldset>
      )}

      <div className="actions connection-actions">
        {(status.state === 'not_connected') && (
          <button type="button" className="button" disabled={action.busy} onClick={connect}>
            Connect {provider.label}
          </button>
        )}
        {(status.state === 'waiting_for_browser' || status.state === 'choosing_page') && (
          <button type="button" className="button button-secondary" disabled={action.busy} onClick={cancel}>
            Cancel
          </button>
        )}
        {status.state === 'waiting_for_browser' && (
          <button type="button" className="button button-secondary" disabled={action.busy} onClick={connect}>
            Open the sign-in page again
          </button>
        )}
        {(status.state === 'needs_reconnect' || (status.state === 'connected' && status.expiringSoon)) && (
          <button type="button" className="button" disabled={action.busy} onClick={connect}>
            Reconnect {provider.label}
          </button>
        )}
        {(status.state === 'connected' || status.state === 'needs_reconnect') && !confirming && (
          <button type="button" className="button button-secondary" disabled={action.busy} onClick={() => setConfirming(true)}>
            Disconnect
          </button>
        )}
      </div>

      {confirming && (
        <div className="notice notice-error connection-confirm" role="alertdialog" aria-labelledby={`${headingId}-confirm`}>
          <p id={`${headingId}-confirm`}>Disconnect {provider.label}?</p>
          <p>
            AgencyIQ will stop posting to {provider.label} and delete its saved sign-in from this computer.
            {provider.revokesOnDisconnect
              ? ` It will also ask ${provider.label} to withdraw AgencyIQ’s access.`
              : ` ${provider.label} does not let apps withdraw their own access; you can remove AgencyIQ in your ${provider.label} settings.`}{' '}
            Scheduled posts for {provider.label} will wait until you connect again.
          </p>
          <p className="actions">
            <button ref={confirmRef} type="button" className="button button-danger" disabled={action.busy} onClick={disconnect}>
              Yes, disconnect
            </button>
            <button type="button" className="button button-secondary" disabled={action.busy} onClick={() => setConfirming(false)}>
              Keep connected
            </button>
          </p>
        </div>
      )}
    </section>
  );
}

function StatusText({ connection }: { connection: PlatformConnection }) {
  const { status } = connection;
  switch (status.state) {
    case 'not_connected':
      return <>Not connected.</>;
    case 'waiting_for_browser':
      return <>Waiting for you to finish signing in in your web browser…</>;
    case 'choosing_page':
      return <>Signed in. Choose the Page to use below.</>;
    case 'connected':
      return (
        <>
          Connected as <strong>{status.displayName}</strong>.
          {status.expiresInDays !== null && status.expiringSoon && (
            <span className="connection-expiry">
              {' '}
              The sign-in runs out in {status.expiresInDays === 1 ? '1 day' : `${status.expiresInDays} days`}; reconnect to keep posting.
            </span>
          )}
          {status.expiresInDays !== null && !status.expiringSoon && <> The sign-in is valid for {status.expiresInDays} more days.</>}
          {status.alsoPostsAs.length > 0 && <> Can also post as {status.alsoPostsAs.join(', ')}.</>}
        </>
      );
    case 'needs_reconnect':
      return (
        <>
          Needs reconnecting ({status.displayName}). {status.reason}
        </>
      );
  }
}
