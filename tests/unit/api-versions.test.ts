import { describe, expect, it } from 'vitest';
import { API_URLS, API_VERSIONS_IN_FORCE, daysUntilSunset, GRAPH_API, GRAPH_API_VERSIONS, LINKEDIN_API } from '@shared/platforms/api-versions';

// The app stops posting on the day a platform retires the API version it sends. This test uses
// the REAL date on purpose: it starts failing 90 days before a documented sunset, while there is
// still time to move to a newer version and ship the update.

const WARN_DAYS = 90;

describe('remote API versions in force', () => {
  it.each(Object.entries(API_VERSIONS_IN_FORCE))('%s: more than 90 days before its documented sunset', (_platform, version) => {
    const days = daysUntilSunset(version, Date.now());
    expect(version.sunset, `${version.version} needs a sunset date (the provider's, or its documented policy)`).not.toBeNull();
    expect(days, `${version.version} is sunset on ${version.sunset}: move to a newer version (${version.source})`).toBeGreaterThan(WARN_DAYS);
    expect(Date.parse(version.released)).toBeLessThanOrEqual(Date.now());
  });

  it('the Graph version in force is the newest Meta lists, with Meta\'s dates', () => {
    expect(GRAPH_API.version).toBe(GRAPH_API_VERSIONS[0]!.version);
    expect(GRAPH_API.released).toBe(GRAPH_API_VERSIONS[0]!.released);
    for (const listed of GRAPH_API_VERSIONS.slice(1)) expect(Date.parse(listed.released)).toBeLessThan(Date.parse(GRAPH_API.released));
  });

  it('every Graph endpoint names the version in force; LinkedIn sends a YYYYMM version', () => {
    expect(API_URLS.facebook.api).toBe(`https://graph.facebook.com/${GRAPH_API.version}`);
    expect(API_URLS.facebook.token).toContain(`/${GRAPH_API.version}/`);
    expect(API_URLS.facebook.authorize).toContain(`/${GRAPH_API.version}/`);
    expect(LINKEDIN_API.version).toMatch(/^20\d{2}(0[1-9]|1[0-2])$/);
  });

  it('counts whole days to a sunset, none when no date is known', () => {
    const now = Date.UTC(2026, 11, 3);
    expect(daysUntilSunset({ version: 'v', released: '2026-01-01', sunset: '2027-03-03', source: '' }, now)).toBe(90);
    expect(daysUntilSunset({ version: 'v', released: '2026-01-01', sunset: null, source: '' }, now)).toBeNull();
  });
});
