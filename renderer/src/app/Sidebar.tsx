import { hrefFor, type Route } from './route';

const LINKS: ReadonlyArray<{ page: Route['page']; label: string; route: Route }> = [
  { page: 'compose', label: 'Compose', route: { page: 'compose', draftId: null } },
  { page: 'drafts', label: 'Drafts', route: { page: 'drafts' } },
  { page: 'calendar', label: 'Calendar', route: { page: 'calendar' } },
  { page: 'publishing', label: 'Publishing', route: { page: 'publishing' } },
  { page: 'brand', label: 'Brand', route: { page: 'brand' } },
  { page: 'connections', label: 'Connections', route: { page: 'connections' } },
  { page: 'plan', label: 'Plan', route: { page: 'plan' } },
  { page: 'settings', label: 'Settings', route: { page: 'settings' } },
];

export function Sidebar({ current }: { current: Route['page'] }) {
  return (
    <nav className="sidebar" aria-label="Main">
      <p className="sidebar-brand">AgencyIQ</p>
      <ul>
        {LINKS.map((link) => (
          <li key={link.page}>
            <a href={hrefFor(link.route)} aria-current={current === link.page ? 'page' : undefined}>
              {link.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
