import type { ReactNode } from 'react';
import { IdeasPage } from '../assistant/IdeasPage';
import { BrandPage } from '../brand/BrandPage';
import { CalendarPage } from '../calendar/CalendarPage';
import { ComposePage } from '../compose/ComposePage';
import { ConnectionsPage } from '../connections/ConnectionsPage';
import { DraftsPage } from '../drafts/DraftsPage';
import { HomePage } from '../home/HomePage';
import { PlanPage } from '../plan/PlanPage';
import { PublishingPage } from '../publishing/PublishingPage';
import { ResultsPage } from '../results/ResultsPage';
import { SettingsPage } from '../settings/SettingsPage';
import { PAGE_ICONS } from './page-icons';
import type { Route } from './route';

interface PageEntry {
  /** The page's name in the URL hash (`#/drafts`) and in `Route`. */
  id: string;
  /** The window title's first part and the sidebar's link text. */
  title: string;
  /** The sidebar icon's path (`page-icons.ts`). */
  icon: string;
  render(route: Route, visit: number): ReactNode;
}

/**
 * Every page of the app, in sidebar order: adding a page is adding an entry here.
 * Home is first and also the page for any hash that names no other (the app opens on it).
 */
export const PAGES = [
  { id: 'home', title: 'Home', icon: PAGE_ICONS.home, render: () => <HomePage /> },
  {
    id: 'compose',
    title: 'Compose',
    icon: PAGE_ICONS.compose,
    // Each visit to "new draft" is a fresh draft with its own id.
    render: (route, visit) => {
      const draftId = route.page === 'compose' ? route.draftId : null;
      return <ComposePage key={draftId ?? `new-${visit}`} draftId={draftId} />;
    },
  },
  { id: 'drafts', title: 'Drafts', icon: PAGE_ICONS.drafts, render: () => <DraftsPage /> },
  { id: 'calendar', title: 'Calendar', icon: PAGE_ICONS.calendar, render: () => <CalendarPage /> },
  { id: 'ideas', title: 'Ideas', icon: PAGE_ICONS.ideas, render: () => <IdeasPage /> },
  { id: 'publishing', title: 'Publishing', icon: PAGE_ICONS.publishing, render: () => <PublishingPage /> },
  { id: 'results', title: 'Results', icon: PAGE_ICONS.results, render: () => <ResultsPage /> },
  { id: 'brand', title: 'Brand', icon: PAGE_ICONS.brand, render: () => <BrandPage /> },
  { id: 'connections', title: 'Connections', icon: PAGE_ICONS.connections, render: () => <ConnectionsPage /> },
  { id: 'plan', title: 'Plan', icon: PAGE_ICONS.plan, render: () => <PlanPage /> },
  { id: 'settings', title: 'Settings', icon: PAGE_ICONS.settings, render: () => <SettingsPage /> },
] as const satisfies readonly PageEntry[];

export type PageId = (typeof PAGES)[number]['id'];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The route a URL hash names; an empty or unknown hash opens Home, `#/compose` a new draft. */
export function parseRoute(hash: string): Route {
  const [name, id] = hash.replace(/^#\/?/, '').split('/');
  if (name === 'compose') return { page: 'compose', draftId: id !== undefined && UUID.test(id) ? id : null };
  const page = PAGES.find((entry) => entry.id === name && entry.id !== 'compose');
  return { page: page ? (page.id as Exclude<PageId, 'compose'>) : 'home' };
}

/** The registry entry for a route. */
export function pageFor(route: Route): (typeof PAGES)[number] {
  return PAGES.find((entry) => entry.id === route.page)!;
}
