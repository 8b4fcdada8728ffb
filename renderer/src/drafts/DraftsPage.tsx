import { useCallback, useEffect, useRef, useState } from 'react';
import { DRAFT_SORTS, type DraftSort, type DraftSummary } from '@shared/ipc/drafts-channels';
import { hrefFor, navigate } from '../app/route';
import { call, errorMessage } from '../ipc/client';
import { ToastRegion, type ToastContent } from '../ui/Toast';
import { DraftListItem } from './DraftListItem';
import { useDraftList } from './use-draft-list';
import { LoadFailed } from '../ui/LoadFailed';

const SORT_LABELS: Record<DraftSort, string> = {
  updated_desc: 'Last edited, newest first',
  updated_asc: 'Last edited, oldest first',
  created_desc: 'Created, newest first',
  created_asc: 'Created, oldest first',
};

const SEARCH_DELAY_MS = 250;

export function DraftsPage() {
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<DraftSort>('updated_desc');
  const [busyId, setBusyId] = useState<string | null>(null);
  const [toast, setToast] = useState<ToastContent | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const searchRef = useRef<HTMLInputElement>(null);
  const toastCount = useRef(0);
  const list = useDraftList(query, sort);

  // Search as the owner types, once they pause.
  useEffect(() => {
    const timer = setTimeout(() => setQuery(search.trim()), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [search]);

  // Keeps "edited 5 min ago" true while the page stays open.
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);

  const show = (content: Omit<ToastContent, 'id'>) => setToast({ ...content, id: ++toastCount.current });

  const closeToast = useCallback(() => {
    // Focus was on the toast's button; put it somewhere useful rather than lose it.
    if (document.activeElement?.closest('.toast')) searchRef.current?.focus();
    setToast(null);
  }, []);

  const run = async (draft: DraftSummary, action: () => Promise<void>) => {
    setBusyId(draft.id);
    try {
      await action();
    } catch (error) {
      show({ message: errorMessage(error), tone: 'error' });
    } finally {
      setBusyId(null);
    }
  };

  const remove = (draft: DraftSummary) =>
    run(draft, async () => {
      await call('drafts.delete', { id: draft.id });
      list.remove(draft.id);
      show({
        message: 'Draft deleted.',
        // The Delete button just vanished with its row; Undo is where focus is most useful.
        takeFocus: true,
        action: {
          label: 'Undo',
          run: () => {
            // Undo is about to disappear with its toast; keep keyboard focus on the page.
            searchRef.current?.focus();
            setToast(null);
            call('drafts.restore', { id: draft.id }).then(
              () => {
                list.reload();
                show({ message: 'Draft restored.' });
              },
              (error: unknown) => show({ message: `The draft could not be restored. ${errorMessage(error)}`, tone: 'error' }),
            );
          },
        },
      });
    });

  const duplicate = (draft: DraftSummary) =>
    run(draft, async () => {
      const copy = await call('drafts.duplicate', { id: draft.id });
      list.reload();
      show({
        message: 'Draft duplicated.',
        action: { label: 'Open the copy', run: () => navigate({ page: 'compose', draftId: copy.id }) },
      });
    });

  return (
    <>
      <header className="page-header">
        <h1>Drafts</h1>
        <div className="page-header-side">
          <a className="button" href={hrefFor({ page: 'compose', draftId: null })}>
            New draft
          </a>
        </div>
      </header>

      <div className="list-controls">
        <div className="field">
          <label htmlFor="drafts-search">Search drafts</label>
          <input
            id="drafts-search"
            ref={searchRef}
            type="search"
            value={search}
            placeholder="Words in the post"
            onChange={(event) => setSearch(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="drafts-sort">Sort by</label>
          <select id="drafts-sort" value={sort} onChange={(event) => setSort(event.target.value as DraftSort)}>
            {DRAFT_SORTS.map((value) => (
              <option key={value} value={value}>
                {SORT_LABELS[value]}
              </option>
            ))}
          </select>
        </div>
      </div>

      {list.error && (
        <LoadFailed action="load your drafts" message={list.error} onRetry={list.reload} />
      )}

      {list.loading && (
        <p role="status" className="loading">
          {list.items.length === 0 ? 'Loading your drafts…' : 'Searching…'}
        </p>
      )}

      {!list.loading && !list.error && list.items.length === 0 && (
        <div className="empty-state">
          {query === '' ? (
            <>
              <p>You have no drafts yet. Everything you write in Compose is saved here automatically.</p>
              <a className="button" href={hrefFor({ page: 'compose', draftId: null })}>
                Write a post
              </a>
            </>
          ) : (
            <>
              <p>No drafts match “{query}”.</p>
              <button type="button" className="button button-secondary" onClick={() => setSearch('')}>
                Clear search
              </button>
            </>
          )}
        </div>
      )}

      {list.items.length > 0 && (
        <ul className="draft-list" aria-label="Your drafts">
          {list.items.map((draft) => (
            <DraftListItem
              key={draft.id}
              draft={draft}
              now={now}
              busy={busyId === draft.id}
              onDuplicate={() => void duplicate(draft)}
              onDelete={() => void remove(draft)}
            />
          ))}
        </ul>
      )}

      {list.hasMore && (
        <p className="load-more">
          <button type="button" className="button button-secondary" disabled={list.loadingMore} onClick={list.loadMore}>
            {list.loadingMore ? 'Loading…' : 'Show more drafts'}
          </button>
        </p>
      )}

      <ToastRegion toast={toast} onClose={closeToast} />
    </>
  );
}
