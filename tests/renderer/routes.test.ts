import { describe, expect, it } from 'vitest';
import { PAGES, parseRoute, pageFor } from '../../renderer/src/app/pages';
import { hrefFor, type Route } from '../../renderer/src/app/route';

const DRAFT = '0b5c3a9e-4f1d-4c62-9a51-7f0d2e6b8c11';
const routeOf = (id: (typeof PAGES)[number]['id']): Route => (id === 'compose' ? { page: 'compose', draftId: null } : { page: id });

describe('routes (the page in the URL hash)', () => {
  it('every page of the registry survives a reload: its link parses back to the same page and title', () => {
    for (const page of PAGES) {
      const route = routeOf(page.id);
      expect(parseRoute(hrefFor(route))).toEqual(route);
      expect(pageFor(route).title).toBe(page.title);
    }
  });

  it('a draft being edited reopens after a reload; a malformed id opens a new draft instead', () => {
    expect(parseRoute(`#/compose/${DRAFT}`)).toEqual({ page: 'compose', draftId: DRAFT });
    expect(hrefFor({ page: 'compose', draftId: DRAFT })).toBe(`#/compose/${DRAFT}`);
    expect(parseRoute('#/compose/not-a-draft')).toEqual({ page: 'compose', draftId: null });
    expect(parseRoute('#/compose/../settings')).toEqual({ page: 'compose', draftId: null });
  });

  it('an empty or unknown hash opens Home (the page the app opens on), never a blank page', () => {
    for (const hash of ['', '#', '#/', '#/nowhere', '#/Drafts', '#/constructor', '#/__proto__']) {
      expect(parseRoute(hash)).toEqual({ page: 'home' });
    }
    expect(parseRoute('#/compose')).toEqual({ page: 'compose', draftId: null });
  });

  it('the sidebar lists each page once, Home first, then Compose', () => {
    const ids = PAGES.map((page) => page.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.slice(0, 2)).toEqual(['home', 'compose']);
  });
});
