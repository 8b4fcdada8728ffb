/**
 * School terms of Australian state (government) schools, shipped with the app as dated data.
 * Each state's dates are copied from its education department's own page, named below with the
 * day they were checked; `lastDate` is the last day the file speaks for. After it the app says
 * plainly that its school dates have run out (it never guesses the next year's terms).
 *
 * Covered: Queensland 2026 only. New South Wales, Victoria, South Australia, Western Australia,
 * Tasmania, the ACT and the Northern Territory are left out on purpose: their 2026 dates could
 * not be checked against the department's own page when this file was written, and a wrong
 * school-holiday date in a post is worse than none. Add a state only with its department's page.
 */

export interface SchoolTerm {
  term: 1 | 2 | 3 | 4;
  /** First and last school day, YYYY-MM-DD, wall-clock dates in the state. */
  start: string;
  end: string;
}

export interface StateSchoolTerms {
  /** date-holidays' region code for the state (QLD, NSW, …). */
  region: string;
  stateName: string;
  source: { title: string; url: string; checked: string };
  terms: readonly SchoolTerm[];
}

export const SCHOOL_TERMS_AU: { lastDate: string; states: readonly StateSchoolTerms[] } = {
  /** The last date this file covers, for every state it lists (the end of the school year it knows). */
  lastDate: '2026-12-31',
  states: [
    {
      region: 'QLD',
      stateName: 'Queensland',
      source: {
        title: 'Queensland Department of Education, "School term dates"',
        url: 'https://education.qld.gov.au/about-us/calendar/term-dates',
        checked: '2026-12-03',
      },
      terms: [
        { term: 1, start: '2026-01-27', end: '2026-04-02' },
        { term: 2, start: '2026-04-20', end: '2026-06-26' },
        { term: 3, start: '2026-07-13', end: '2026-09-18' },
        { term: 4, start: '2026-10-06', end: '2026-12-11' },
      ],
    },
  ],
};

export function schoolTermsFor(region: string): StateSchoolTerms | null {
  return SCHOOL_TERMS_AU.states.find((state) => state.region === region) ?? null;
}
