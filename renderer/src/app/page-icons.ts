/**
 * The sidebar's line icons, one per page (24×24, drawn with a 1.75 stroke in the text colour).
 * Drawn for AgencyIQ: simple shapes (a pencil, pages, a calendar…) so each page is found at a
 * glance; the page's name always stands beside its icon.
 */
export const PAGE_ICONS = {
  home: 'M3 11l9-7 9 7 M5 9.5V20h5v-6h4v6h5V9.5',
  compose: 'M4 20h4L19 9l-4-4L4 16v4z M13 7l4 4',
  drafts: 'M6 3h9l4 4v14H6z M14 3v5h5 M9 13h7 M9 17h5',
  calendar: 'M4 6h16v14H4z M4 10h16 M8 3v5 M16 3v5',
  ideas: 'M9 18h6 M10 21h4 M12 3a6 6 0 0 0-4 10.5c.7.7 1 1.5 1 2.5h6c0-1 .3-1.8 1-2.5A6 6 0 0 0 12 3z',
  publishing: 'M3 11l18-8-8 18-2-8z M11 13l10-10',
  results: 'M4 20h16 M7 16v-5 M12 16V7 M17 16v-8',
  brand: 'M4 9l1.5-5h13L20 9 M4 9h16v11H4z M10 20v-6h4v6',
  connections: 'M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1 M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1',
  plan: 'M3 6h18v12H3z M3 10h18 M7 15h4',
  settings: 'M4 6h9 M17 6h3 M15 4v4 M4 12h3 M11 12h9 M9 10v4 M4 18h11 M19 18h1 M17 16v4',
} as const;
