import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Every configuration variable the app reads must be findable in the README, so a newcomer (or
// a packager) knows what can redirect the app. The app names its variables `AGENCYIQ_…` in its
// source; patterns built per platform (`AGENCYIQ_OAUTH_<PLATFORM>_…`) are documented as patterns.

const ROOT = path.resolve(__dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

describe('environment variables', () => {
  it('every AGENCYIQ_ variable named in electron/ and shared/ appears in the README', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const documented = (name: string) =>
      readme.includes(name) ||
      // `AGENCYIQ_PUBLISH_{FACEBOOK,LINKEDIN,X}_URL`-style and `<PLATFORM>` patterns.
      [...readme.matchAll(/`(AGENCYIQ_[A-Z0-9_<>{},]+)`/g)].some(([, pattern]) => patternMatches(pattern!, name));
    const named = new Set<string>();
    for (const file of [...sourceFiles(path.join(ROOT, 'electron')), ...sourceFiles(path.join(ROOT, 'shared'))]) {
      for (const [name] of readFileSync(file, 'utf8').matchAll(/\bAGENCYIQ_[A-Z0-9]+(?:_[A-Z0-9]+)*\b/g)) named.add(name);
    }
    expect(named.size).toBeGreaterThan(5);
    expect([...named].filter((name) => !documented(name))).toEqual([]);
  });
});

/** `AGENCYIQ_OAUTH_<PLATFORM>_{TOKEN,API}_URL` matches `AGENCYIQ_OAUTH_X_TOKEN_URL`. */
function patternMatches(pattern: string, name: string): boolean {
  const regex = pattern
    .split(/(<[A-Z]+>|\{[A-Z0-9_,]+\})/)
    .map((part) => {
      if (/^<[A-Z]+>$/.test(part)) return '[A-Z]+';
      if (/^\{.*\}$/.test(part)) return `(?:${part.slice(1, -1).split(',').join('|')})`;
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${regex}$`).test(name);
}
