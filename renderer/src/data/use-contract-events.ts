import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { ChannelName, EventName } from '@shared/ipc/contract';
import { subscribe } from '../ipc/client';
import { patchOverview } from '../publishing/patch-overview';
import { EVENT_EFFECTS, SETTLE_MS } from './event-invalidation';

/** Invalidates every query whose channel is in `channels` (any request). */
function invalidateChannels(client: QueryClient, channels: ReadonlySet<ChannelName>): void {
  void client.invalidateQueries({ predicate: (query) => channels.has(query.queryKey[0] as ChannelName) });
}

/**
 * Mounted once at the root: applies every contract event to the cache as `EVENT_EFFECTS` says.
 * Subscribing here, before any page reads, means a change that lands while a read is on its
 * way still invalidates it.
 */
export function useContractEvents(): void {
  const client = useQueryClient();
  useEffect(() => {
    const pending = new Set<ChannelName>();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const later = (channels: readonly ChannelName[]) => {
      if (channels.length === 0) return;
      channels.forEach((channel) => pending.add(channel));
      clearTimeout(timer);
      timer = setTimeout(() => {
        const due = new Set(pending);
        pending.clear();
        invalidateChannels(client, due);
      }, SETTLE_MS);
    };
    const stops = (Object.keys(EVENT_EFFECTS) as EventName[]).map((event) =>
      subscribe(event, (payload) => {
        const effect = EVENT_EFFECTS[event]!;
        if (effect.replace) client.setQueryData([effect.replace, {}], payload);
        later(effect.invalidate);
      }),
    );
    // A target's new state shows at once; the invalidation above regroups the sections after.
    stops.push(
      subscribe('publishing.target-changed', (change) =>
        client.setQueriesData<Parameters<typeof patchOverview>[0]>({ queryKey: ['publishing.overview'] }, (overview) =>
          overview ? patchOverview(overview, change) : overview,
        ),
      ),
    );
    return () => {
      clearTimeout(timer);
      stops.forEach((stop) => stop());
    };
  }, [client]);
}
