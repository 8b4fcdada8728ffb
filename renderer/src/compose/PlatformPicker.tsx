import { PLATFORM_LABELS, PLATFORMS, type Platform } from '@shared/domain/platform';
import type { PlatformConnection } from '@shared/ipc/connections-channels';
import { canPublishTo } from '@shared/platforms/publishable';
import { hrefFor } from '../app/route';
import { useConnectionAction, useConnections } from '../connections/use-connections';
import { call } from '../ipc/client';
import { PlatformLogo } from '../ui/PlatformLogo';

/**
 * The networks this post goes to. Each choice says whether AgencyIQ can post there yet: connected,
 * not connected (with an inline Connect that opens the sign-in in the browser while the owner stays
 * on this draft; `connections.changed` updates the choice), or "coming soon" where this release has
 * no publishing for it — those cannot be ticked (a draft that already has one can still untick it).
 */
export function PlatformPicker({
  chosen,
  onToggle,
  beforeConnect,
}: {
  chosen: ReadonlySet<Platform>;
  onToggle: (platform: Platform, on: boolean) => void;
  /** Saves the draft before the owner's attention goes to the browser. */
  beforeConnect: () => void;
}) {
  const connections = useConnections();
  const byPlatform = new Map(connections.data?.platforms.map((entry) => [entry.platform, entry]));
  return (
    <fieldset className="platform-picker">
      <legend>Post to</legend>
      <ul className="platform-picker-options">
        {PLATFORMS.map((platform) => (
          <li key={platform} className="platform-choice">
            <PlatformChoice
              platform={platform}
              checked={chosen.has(platform)}
              connection={byPlatform.get(platform) ?? null}
              known={connections.data !== undefined}
              onToggle={onToggle}
              beforeConnect={beforeConnect}
            />
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

function PlatformChoice({
  platform,
  checked,
  connection,
  known,
  onToggle,
  beforeConnect,
}: {
  platform: Platform;
  checked: boolean;
  connection: PlatformConnection | null;
  /** False while the connections are still being read: no state is claimed yet. */
  known: boolean;
  onToggle: (platform: Platform, on: boolean) => void;
  beforeConnect: () => void;
}) {
  const label = PLATFORM_LABELS[platform];
  const publishable = canPublishTo(platform);
  const stateId = `post-to-${platform}-state`;
  const action = useConnectionAction();
  const connect = () => {
    beforeConnect();
    void action.run(() => call('connections.connect', { platform }));
  };
  const state = connection?.status.state ?? null;

  return (
    <>
      <label className={publishable ? 'check-chip' : 'check-chip check-chip-unavailable'}>
        <input
          type="checkbox"
          checked={checked}
          // Coming soon: nothing to tick, but a draft that has it can still let it go.
          disabled={!publishable && !checked}
          aria-describedby={stateId}
          onChange={(event) => onToggle(platform, event.target.checked)}
        />
        <PlatformLogo platform={platform} />
        <span>{label}</span>
      </label>
      <span id={stateId} className={`platform-choice-state platform-choice-${publishable ? (state ?? 'unknown') : 'soon'}`}>
        {!publishable ? 'Coming soon' : known ? <StateText state={state} /> : null}
      </span>
      {publishable && (state === 'not_connected' || state === 'needs_reconnect') && (
        <button type="button" className="link-button" disabled={action.busy} onClick={connect}>
          {state === 'needs_reconnect' ? `Reconnect ${label}` : `Connect ${label}`}
        </button>
      )}
      {publishable && state === 'choosing_page' && <a href={hrefFor({ page: 'connections' })}>Choose the Page</a>}
      {action.error !== null && (
        <span className="field-error" role="alert">
          {action.error}
        </span>
      )}
    </>
  );
}

function StateText({ state }: { state: PlatformConnection['status']['state'] | null }) {
  switch (state) {
    case 'connected':
      return <>Connected</>;
    case 'waiting_for_browser':
      return <>Finish signing in in your browser…</>;
    case 'choosing_page':
      return <>Signed in</>;
    case 'needs_reconnect':
      return <>Needs signing in again</>;
    case 'not_connected':
    case null:
      return <>Not connected</>;
  }
}
