import { keepPreviousData, useInfiniteQuery, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { ResponseOf } from '@shared/ipc/contract';
import type { DraftSort, DraftSummary } from '@shared/ipc/drafts-channels';
import { flushAllSavers } from '../compose/draft-saver';
import { call, errorMessage } from '../ipc/client';

const PAGE_SIZE = 20;

type Page = ResponseOf<'drafts.list'>;

export interface DraftList {
  items: DraftSummary[];
  hasMore: boolean;
  /** True until the first answer for the current search and sort arrives. */
  loading: boolean;
  loadingMore: boolean;
  error: string | null;
  loadMore: () => void;
  /** Reloads the drafts shown so far (after an undo or a duplicate). */
  reload: () => void;
  /** Drops one draft from what is shown (it was just moved to the bin). */
  remove: (draftId: string) => void;
}

/**
 * The drafts list (`drafts.list`), a page at a time. It is read again each time the page opens
 * (drafts change in Compose, which sends no event), and while a new search loads, the previous
 * results stay on screen rather than flashing empty.
 */
export function useDraftList(query: string, sort: DraftSort): DraftList {
  const client = useQueryClient();
  const queryKey = ['drafts.list', { query, sort }] as const;
  const list = useInfiniteQuery({
    queryKey,
    queryFn: async ({ pageParam }): Promise<Page> => {
      // Edits still on their way from Compose must be in the list the owner is looking at.
      if (pageParam === 0) await flushAllSavers();
      return call('drafts.list', { query, sort, limit: PAGE_SIZE, offset: pageParam });
    },
    initialPageParam: 0,
    getNextPageParam: (last, pages) => (last.hasMore ? pages.reduce((shown, page) => shown + page.items.length, 0) : undefined),
    staleTime: 0,
    // A search the owner left is dropped at once, so coming back to it starts at its first page.
    gcTime: 0,
    placeholderData: keepPreviousData,
  });
  const { fetchNextPage, refetch, hasNextPage, isFetchingNextPage } = list;

  const loadMore = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [fetchNextPage, hasNextPage, isFetchingNextPage]);
  const reload = useCallback(() => void refetch(), [refetch]);
  const remove = useCallback(
    (draftId: string) =>
      client.setQueryData<InfiniteData<Page, number>>(['drafts.list', { query, sort }], (data) =>
        data ? { ...data, pages: data.pages.map((page) => ({ ...page, items: page.items.filter((item) => item.id !== draftId) })) } : data,
      ),
    [client, query, sort],
  );

  return {
    items: list.data?.pages.flatMap((page) => page.items) ?? [],
    hasMore: !list.isPlaceholderData && (hasNextPage ?? false),
    loading: list.isPending || list.isPlaceholderData,
    loadingMore: isFetchingNextPage,
    error: list.isError ? errorMessage(list.error) : null,
    loadMore,
    reload,
    remove,
  };
}
