import { describe, expect, it } from 'vitest';
import { describeUpdateForSettings, formatSpeed, updateBanner } from '@shared/updates/describe-update';

const time = (ms: number) => `at ${ms}`;

describe('describeUpdateForSettings', () => {
  it('says honestly why a build does not update itself', () => {
    expect(describeUpdateForSettings({ state: 'disabled', reason: 'This is the browser host.' }, time)).toEqual({
      text: 'This is the browser host.',
      detail: null,
      action: null,
      progress: null,
    });
  });

  it('offers a check when up to date and says when it last checked', () => {
    expect(describeUpdateForSettings({ state: 'idle', lastCheckedAt: null }, time)).toMatchObject({ detail: 'Not checked yet.', action: { kind: 'check' } });
    expect(describeUpdateForSettings({ state: 'idle', lastCheckedAt: 5 }, time)).toMatchObject({ detail: 'Last checked at 5.' });
  });

  it('shows progress and speed while downloading, with no button', () => {
    const status = { state: 'downloading', version: '0.2.0', percent: 42.7, bytesPerSecond: 1_250_000, transferred: 1, total: 2 } as const;
    expect(describeUpdateForSettings(status, time)).toEqual({
      text: 'Downloading version 0.2.0…',
      detail: '42% (1.3 MB/s)',
      action: null,
      progress: 42.7,
    });
  });

  it('offers "Restart to update" when ready, and explains a deferred restart instead', () => {
    const ready = { state: 'ready', version: '0.2.0', releaseNotes: 'Notes', restartDeferred: false } as const;
    expect(describeUpdateForSettings(ready, time)).toMatchObject({ action: { kind: 'restart', label: 'Restart to update' }, detail: 'Notes' });
    expect(describeUpdateForSettings({ ...ready, restartDeferred: true }, time)).toMatchObject({ action: null, detail: expect.stringContaining('publishing') });
  });

  it('retries the step that failed', () => {
    expect(describeUpdateForSettings({ state: 'error', during: 'check', message: 'm', version: null }, time).action).toEqual({ kind: 'check', label: 'Try again' });
    expect(describeUpdateForSettings({ state: 'error', during: 'download', message: 'm', version: '0.2.0' }, time).action).toEqual({ kind: 'download', label: 'Try again' });
  });
});

describe('updateBanner', () => {
  it('stays silent unless there is something to act on', () => {
    expect(updateBanner({ state: 'disabled', reason: 'x' })).toBeNull();
    expect(updateBanner({ state: 'idle', lastCheckedAt: 1 })).toBeNull();
    expect(updateBanner({ state: 'checking' })).toBeNull();
    // A failed background check (offline) is shown in Settings, not in a banner every six hours.
    expect(updateBanner({ state: 'error', during: 'check', message: 'offline', version: null })).toBeNull();
  });

  it('offers Download, then Restart to update, then explains a deferred restart', () => {
    expect(updateBanner({ state: 'available', version: '0.2.0', releaseNotes: null })).toMatchObject({ text: 'AgencyIQ 0.2.0 is available.', action: { kind: 'download' } });
    const ready = { state: 'ready', version: '0.2.0', releaseNotes: null, restartDeferred: false } as const;
    expect(updateBanner(ready)).toMatchObject({ action: { kind: 'restart', label: 'Restart to update' } });
    const deferred = updateBanner({ ...ready, restartDeferred: true });
    expect(deferred).toMatchObject({ action: null });
    expect(deferred?.key).not.toBe(updateBanner(ready)?.key);
  });

  it('shows download progress without changing its announced text on every tick', () => {
    const at = (percent: number) => updateBanner({ state: 'downloading', version: '0.2.0', percent, bytesPerSecond: 1, transferred: 1, total: 2 });
    expect(at(10)?.text).toBe(at(90)?.text);
    expect(at(90)?.progress).toBe(90);
  });

  it('offers a retry after a failed download', () => {
    expect(updateBanner({ state: 'error', during: 'download', message: 'Could not download.', version: '0.2.0' })).toMatchObject({
      text: 'Could not download.',
      action: { kind: 'download', label: 'Try again' },
    });
  });
});

describe('formatSpeed', () => {
  it.each([
    [0, '0 KB/s'],
    [850_000, '850 KB/s'],
    [1_200_000, '1.2 MB/s'],
  ])('%d bytes/s reads %s', (speed, text) => {
    expect(formatSpeed(speed)).toBe(text);
  });
});
