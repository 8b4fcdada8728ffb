import { useIpcQuery } from '../data/use-ipc-query';
import { PAGES, type PageId } from './pages';
import { hrefFor, type Route } from './route';

/** The main navigation: one link per page of the registry, each with its icon. */
export function Sidebar({ current }: { current: PageId }) {
  const attention = useAttentionCount();
  return (
    <nav className="sidebar" aria-label="Main">
      <p className="sidebar-brand">AgencyIQ</p>
      <ul>
        {PAGES.map((page) => {
          const route = (page.id === 'compose' ? { page: 'compose', draftId: null } : { page: page.id }) as Route;
          return (
            <li key={page.id}>
              <a href={hrefFor(route)} aria-current={current === page.id ? 'page' : undefined}>
                <svg className="nav-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                  <path d={page.icon} />
                </svg>
                {page.title}
                {page.id === 'publishing' && attention > 0 && <AttentionBadge count={attention} />}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

/**
 * How many posts need the owner: the publishing overview's "needs attention" list, which the
 * contract's events keep current (`data/event-invalidation.ts`), so the badge follows the page.
 */
function useAttentionCount(): number {
  return useIpcQuery('publishing.overview', {}).data?.needsAttention.length ?? 0;
}

function AttentionBadge({ count }: { count: number }) {
  return (
    <span className="nav-badge" data-testid="attention-badge">
      <span aria-hidden="true">{count > 99 ? '99+' : count}</span>
      <span className="visually-hidden">{count === 1 ? ', 1 post needs you' : `, ${count} posts need you`}</span>
    </span>
  );
}
