/**
 * Which `LinkedIn-Version` values LinkedIn serves on a given day, as its Versioning and
 * Migrations pages document: a version (YYYYMM) exists from its month on, and is sunset about a
 * year later, mid-month (202508 on 2026-08-17, 202510 on 2026-10-15). So on any day the fake
 * refuses a version from a future month (not released yet) and one whose month is twelve or more
 * months back, from the 15th of that month. Driven by the fake's clock, so the suite ages with time.
 */
export function isLinkedInVersionActive(version: string, now: number): boolean {
  const match = /^(\d{4})(\d{2})(?:\.\d{2})?$/.exec(version);
  if (match === null) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  if (month < 1 || month > 12) return false;
  const released = Date.UTC(year, month - 1, 1);
  const sunset = Date.UTC(year + 1, month - 1, LINKEDIN_SUNSET_DAY);
  return now >= released && now < sunset;
}

/** The day of the month LinkedIn's sunsets fall on (15–18 in the Migrations table; 15 is the strict end). */
export const LINKEDIN_SUNSET_DAY = 15;

/** LinkedIn's 426 body for a version it does not serve (as seen in the field; see docs/platform-apis.md). */
export function nonexistentVersionBody(version: string): unknown {
  return { status: 426, code: 'NONEXISTENT_VERSION', message: `Requested version ${version} is not active` };
}
