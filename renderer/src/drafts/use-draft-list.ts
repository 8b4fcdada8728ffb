import { useCallback, useEffect, useState } from 'react';
import type { DraftSort, DraftSummary } from '@shared/ipc/drafts-channels';
import { flushAllSavers } from '../compose/draft-saver';
import { call, errorMessage } from '../ipc/client';

const PAGE_SIZE = 20;
const MAX_PAGE = 200;

interface ListState {
  /** The query, sort and reload this result answers; a newer request makes it stale. */
  key: string;
  items: DraftSummary[];
  hasMore: boolean;
  error: string | null;
  loadingMore: boolean;
}

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

export function useDraftList(query: string, sort: DraftSort): DraftList {
  const [state, setState] = useState<ListState | null>(null);
  const [reload, setReload] = useState({ count: 0, limit: PAGE_SIZE });
  const key = `${sort}\n${query}\n${reload.count}`;

  useEffect(() => {
    let current = true;
    const load = async () => {
      // Edits still on their way from Compose must be in the list the owner is looking at.
      await flushAllSavers();
      return call('drafts.list', { query, sort, limit: reload.limit, offset: 0 });
    };
    load().then(
      (list) => current && setState({ key, items: list.items, hasMore: list.hasMore, error: null, loadingMore: false }),
      (error: unknown) =>
        current && setState({ key, items: [], hasMore: false, error: errorMessage(error), loadingMore: false }),
    );
    return () => {
      current = false;
    };
  }, [key, query, sort, reload.limit]);

  const fresh = state?.key === key ? state : null;
  const shown = state?.items.length ?? 0;

  const loadMore = useCallback(() => {
    if (!fresh || fresh.loadingMore) return;
    const forKey = fresh.key;
    setState((prev) => (prev?.key === forKey ? { ...prev, loadingMore: true } : prev));
    call('drafts.list', { query, sort, limit: PAGE_SIZE, offset: fresh.items.length }).then(
      (list) =>
        setState((prev) =>
          prev?.key === forKey
            ? { ...prev, items: [...prev.items, ...list.items], hasMore: list.hasMore, loadingMore: false, error: null }
            : prev,
        ),
      (error: unknown) =>
        setState((prev) => (prev?.key === forKey ? { ...prev, loadingMore: false, error: errorMessage(error) } : prev)),
    );
  }, [fresh, query, sort]);

  const reloadShown = useCallback(() => {
    setReload((prev) => ({ count: prev.count + 1, limit: Math.min(MAX_PAGE, Math.max(PAGE_SIZE, shown)) }));
  }, [shown]);

  const remove = useCallback((draftId: string) => {
    setState((prev) => (prev ? { ...prev, items: prev.items.filter((item) => item.id !== draftId) } : prev));
  }, []);

  return {
    // While a new search loads, the previous results stay on screen rather than flashing empty.
    items: state?.items ?? [],
    hasMore: fresh?.hasMore ?? false,
    loading: fresh === null,
    loadingMore: fresh?.loadingMore ?? false,
    error: state?.error ?? null,
    loadMore,
    reload: reloadShown,
    remove,
  };
}
