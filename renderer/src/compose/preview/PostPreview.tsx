import { useRef, useState, type KeyboardEvent } from 'react';
import { PLATFORM_LABELS, type Platform } from '@shared/domain/platform';
import type { ConnectionsOverview } from '@shared/ipc/connections-channels';
import type { DraftInput } from '@shared/ipc/drafts-channels';
import { previewLayout } from '@shared/platforms/preview-layout';
import { useConnections } from '../../connections/use-connections';
import { useIpcQuery } from '../../data/use-ipc-query';
import type { DraftSaver } from '../draft-saver';
import { useDraftFacts } from '../attachments/use-draft-facts';
import { NetworkPreview } from './NetworkPreview';
import { tabAfterKey } from './tab-keys';

/**
 * In Compose, beside the post (under the attachments on a narrow window): the post as each chosen network lays it out (`previewLayout`), one tab per
 * network, following every keystroke through the draft's saver. Thumbnails are Compose's own
 * attachment list (the same cached read), so the preview costs no extra round trip.
 */
export function PostPreview({ saver, initial }: { saver: DraftSaver; initial: DraftInput }) {
  const { draft, platforms } = useDraftFacts(saver, initial);
  const list = useIpcQuery('media.list', { postId: initial.id });
  const connections = useConnections().data;
  const [chosen, setChosen] = useState<Platform | null>(null);
  const tabs = useRef(new Map<Platform, HTMLButtonElement>());
  if (platforms.length === 0) {
    return (
      <aside className="post-preview" aria-labelledby="preview-heading">
        <h2 id="preview-heading">Preview</h2>
        <p className="hint">Choose where to post to see how each network shows it.</p>
      </aside>
    );
  }
  const active = chosen !== null && platforms.includes(chosen) ? chosen : platforms[0]!;
  const target = draft.targets.find((t) => t.platform === active);
  const attachments = list.data?.attachments ?? [];
  const layout = previewLayout(
    active,
    { text: target?.text ?? draft.body, title: target?.title ?? '' },
    attachments.map((a) => ({ id: a.id, kind: a.kind, width: a.width, height: a.height })),
  );
  const onKey = (event: KeyboardEvent) => {
    const next = tabAfterKey(event.key, platforms.indexOf(active), platforms.length);
    if (next === null) return;
    event.preventDefault();
    const platform = platforms[next]!;
    setChosen(platform);
    tabs.current.get(platform)?.focus();
  };
  return (
    <aside className="post-preview" aria-labelledby="preview-heading">
      <h2 id="preview-heading">Preview</h2>
      <div role="tablist" aria-label="Preview on" className="preview-tabs" onKeyDown={onKey}>
        {platforms.map((platform) => (
          <button
            key={platform}
            ref={(element) => {
              if (element) tabs.current.set(platform, element);
              else tabs.current.delete(platform);
            }}
            type="button"
            role="tab"
            id={`preview-tab-${platform}`}
            aria-selected={platform === active}
            aria-controls="preview-panel"
            tabIndex={platform === active ? 0 : -1}
            className="preview-tab"
            onClick={() => setChosen(platform)}
          >
            {PLATFORM_LABELS[platform]}
          </button>
        ))}
      </div>
      <div role="tabpanel" tabIndex={0} id="preview-panel" aria-labelledby={`preview-tab-${active}`} className="preview-panel">
        <NetworkPreview layout={layout} attachments={attachments} account={accountName(connections, active)} />
      </div>
    </aside>
  );
}

/** The connected account's name, as the network would show it above the post; null when not connected. */
function accountName(connections: ConnectionsOverview | undefined, platform: Platform): string | null {
  const status = connections?.platforms.find((p) => p.platform === platform)?.status;
  return status && (status.state === 'connected' || status.state === 'needs_reconnect') ? status.displayName : null;
}
