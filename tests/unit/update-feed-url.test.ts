import { describe, expect, it } from 'vitest';
import { parseUpdateFeedUrl, UpdateFeedUrlError } from '../../electron/core/updates/update-feed-url';
import { releaseNotesText } from '../../electron/core/updates/release-notes-text';

describe('parseUpdateFeedUrl', () => {
  it('uses the installer feed when the variable is unset or blank', () => {
    expect(parseUpdateFeedUrl({})).toBeNull();
    expect(parseUpdateFeedUrl({ AGENCYIQ_UPDATE_URL: '  ' })).toBeNull();
  });

  it('accepts an https feed, and plain http only on this computer', () => {
    expect(parseUpdateFeedUrl({ AGENCYIQ_UPDATE_URL: 'https://updates.example.com/desktop' })).toBe('https://updates.example.com/desktop');
    expect(parseUpdateFeedUrl({ AGENCYIQ_UPDATE_URL: 'http://127.0.0.1:8080/' })).toBe('http://127.0.0.1:8080/');
  });

  it.each(['http://updates.example.com/', 'ftp://updates.example.com/', 'https://user:pw@updates.example.com/', 'not a url'])(
    'refuses %s with a clear error',
    (value) => {
      expect(() => parseUpdateFeedUrl({ AGENCYIQ_UPDATE_URL: value })).toThrow(UpdateFeedUrlError);
    },
  );
});

describe('releaseNotesText', () => {
  it('turns HTML notes into plain text, never markup', () => {
    expect(releaseNotesText('<h2>0.2.0</h2><ul><li>Faster &amp; calmer</li><li><script>alert(1)</script>Fix</li></ul>')).toBe(
      '0.2.0\nFaster & calmer\nalert(1)Fix',
    );
  });

  it('joins per-version notes and drops empty ones', () => {
    expect(releaseNotesText([{ version: '0.2.0', note: 'New' }, { version: '0.1.9', note: null }, { version: '0.1.8', note: 'Old' }])).toBe('New\n\nOld');
    expect(releaseNotesText(null)).toBeNull();
    expect(releaseNotesText('   ')).toBeNull();
  });

  it('caps very long notes', () => {
    const text = releaseNotesText('a'.repeat(50_000));
    expect(text?.length).toBe(4_000);
    expect(text?.endsWith('…')).toBe(true);
  });
});
