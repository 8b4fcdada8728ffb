import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppEvent } from '../../electron/core/events/event-hub';
import type { Happening } from '../../electron/core/notifications/happening';
import { createNotificationRouter, describeHappening } from '../../electron/core/notifications/notification-router';
import { silentLogger } from '../../electron/core/ports/logger';
import { appRouteSchema } from '@shared/ipc/app-channels';
import { openTestCore, recordingNotifier, tempDataDir } from '../support/core-fixture';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const POST = '0b5e1c52-0b7e-4f51-9d4b-2c1f0c7a2b11';

describe('describeHappening', () => {
  it('says what happened in plain words and opens the right screen', () => {
    expect(describeHappening({ kind: 'published', postId: POST, platform: 'linkedin', postUrl: 'https://www.linkedin.com/feed/update/urn:li:share:1' })).toEqual({
      title: 'Posted to LinkedIn',
      body: 'Your post is live on LinkedIn: https://www.linkedin.com/feed/update/urn:li:share:1',
      route: '#/publishing',
    });
    expect(describeHappening({ kind: 'published', postId: POST, platform: 'x', postUrl: null }).body).toBe('Your post is live on X.');
    expect(describeHappening({ kind: 'failed', postId: POST, platform: 'instagram', reason: 'Instagram needs an image for every post.' })).toEqual({
      title: 'Not posted to Instagram',
      body: 'Instagram needs an image for every post.',
      route: '#/publishing',
    });
    expect(describeHappening({ kind: 'needs-reconnect', platform: 'facebook', accountName: 'Paddington Sourdough' })).toEqual({
      title: 'Reconnect Facebook',
      body: 'AgencyIQ can no longer post as Paddington Sourdough. Connect the account again to keep posting.',
      route: '#/connections',
    });
    expect(describeHappening({ kind: 'missed', count: 1 }).title).toBe('A post was missed');
    expect(describeHappening({ kind: 'missed', count: 3 })).toMatchObject({ title: '3 posts were missed', route: '#/publishing' });
    // An unknown outcome is not called a failure: the post may be live.
    expect(describeHappening({ kind: 'needs-check', postId: POST, platform: 'x' })).toMatchObject({ title: 'Check your post on X', route: '#/publishing' });
    expect(describeHappening({ kind: 'needs-check', postId: POST, platform: 'x' }).body).not.toMatch(/not posted|failed/i);
  });

  it('keeps a long failure reason short enough for a notification, and every route valid', () => {
    const long = describeHappening({ kind: 'failed', postId: POST, platform: 'youtube', reason: 'x'.repeat(5000) });
    expect(long.body.length).toBeLessThanOrEqual(300);
    const all: Happening[] = [
      { kind: 'published', postId: POST, platform: 'facebook', postUrl: null },
      { kind: 'failed', postId: POST, platform: 'facebook', reason: 'r' },
      { kind: 'needs-reconnect', platform: 'youtube', accountName: 'a' },
      { kind: 'needs-check', postId: POST, platform: 'linkedin' },
      { kind: 'missed', count: 2 },
    ];
    for (const happening of all) expect(appRouteSchema.safeParse(describeHappening(happening).route).success).toBe(true);
  });
});

describe('createNotificationRouter', () => {
  it('shows nothing while notifications are switched off, and never throws', async () => {
    let enabled = true;
    const notifier = recordingNotifier();
    const notify = createNotificationRouter({ notifier, notificationsEnabled: async () => enabled, logger: silentLogger });
    await notify({ kind: 'missed', count: 2 });
    enabled = false;
    await notify({ kind: 'missed', count: 5 });
    expect(notifier.shown.map((n) => n.title)).toEqual(['2 posts were missed']);

    const broken = createNotificationRouter({
      notifier: { show: () => { throw new Error('no notification daemon'); } },
      notificationsEnabled: async () => true,
      logger: silentLogger,
    });
    await expect(broken({ kind: 'missed', count: 1 })).resolves.toBeUndefined();
  });
});

describe('in the core', () => {
  it('follows the Settings switch, and without an OS notifier shows notifications in the window', async () => {
    const { dir, remove } = tempDataDir();
    cleanups.push(remove);
    const { core, call } = await openTestCore(dir);
    cleanups.push(() => core.close());
    const events: AppEvent[] = [];
    core.events.subscribe((event) => events.push(event));
    await core.notify({ kind: 'failed', postId: POST, platform: 'x', reason: 'X refused the post: duplicate content.' });
    await call('preferences.update', { notificationsEnabled: false });
    await core.notify({ kind: 'missed', count: 4 });
    expect(events.filter((e) => e.event === 'app.notification')).toEqual([
      {
        event: 'app.notification',
        payload: { title: 'Not posted to X', body: 'X refused the post: duplicate content.', route: '#/publishing' },
      },
    ]);
  });

  it('hands notifications to the OS notifier when the host has one', async () => {
    const { dir, remove } = tempDataDir();
    cleanups.push(remove);
    const notifier = recordingNotifier();
    const { core } = await openTestCore(dir, { notifier });
    cleanups.push(() => core.close());
    await core.notify({ kind: 'needs-reconnect', platform: 'linkedin', accountName: 'Bean There Café' });
    expect(notifier.shown).toEqual([describeHappening({ kind: 'needs-reconnect', platform: 'linkedin', accountName: 'Bean There Café' })]);
  });

  it('turns compose and draft deep links into the navigation event the window follows', async () => {
    const { dir, remove } = tempDataDir();
    cleanups.push(remove);
    const { core } = await openTestCore(dir);
    cleanups.push(() => core.close());
    const events: AppEvent[] = [];
    core.events.subscribe((event) => events.push(event));
    const draft = randomUUID();
    await core.openDeepLink('agencyiq://compose');
    await core.openDeepLink(`agencyiq://drafts/${draft}`);
    await core.openDeepLink('agencyiq://drafts/not-a-uuid');
    expect(events.filter((e) => e.event === 'app.navigate')).toEqual([
      { event: 'app.navigate', payload: { route: '#/compose' } },
      { event: 'app.navigate', payload: { route: `#/compose/${draft}` } },
    ]);
  });
});
