import { queryOptions, useQuery, type UseQueryResult } from '@tanstack/react-query';
import type { ChannelName, RequestOf, ResponseOf } from '@shared/ipc/contract';
import { call } from '../ipc/client';

/** A query's key: the channel first (what events invalidate by), then the request. */
export function ipcQueryKey<C extends ChannelName>(channel: C, request: RequestOf<C>): readonly [C, RequestOf<C>] {
  return [channel, request] as const;
}

/** The query for one read of the contract, for callers that add options of their own. */
export function ipcQueryOptions<C extends ChannelName>(channel: C, request: RequestOf<C>) {
  return queryOptions({ queryKey: ipcQueryKey(channel, request), queryFn: (): Promise<ResponseOf<C>> => call(channel, request) });
}

/**
 * One read of the contract, cached per channel and request and kept current by the contract's
 * events. `enabled: false` holds it until its inputs exist (a draft id, a range).
 */
export function useIpcQuery<C extends ChannelName>(
  channel: C,
  request: RequestOf<C>,
  options: { enabled?: boolean } = {},
): UseQueryResult<ResponseOf<C>> {
  return useQuery({ ...ipcQueryOptions(channel, request), enabled: options.enabled ?? true });
}
