import { PAGES, type PageId } from './pages';
import { hrefFor, type Route } from './route';

/** The main navigation: one link per page of the registry. */
export function Sidebar({ current }: { current: PageId }) {
  return (
    <nav className="sidebar" aria-label="Main">
      <p className="sidebar-brand">AgencyIQ</p>
      <ul>
        {PAGES.map((page) => {
          const route = (page.id === 'compose' ? { page: 'compose', draftId: null } : { page: page.id }) as Route;
          return (
            <li key={page.id}>
              <a href={hrefFor(route)} aria-current={current === page.id ? 'page' : undefined}>
                {page.title}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
