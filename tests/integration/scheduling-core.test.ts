import sharp from 'sharp';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Platform } from '@shared/domain/platform';
import type { DraftTarget } from '@shared/ipc/drafts-channels';
import type { PostView } from '@shared/ipc/scheduling-channels';
import { contractLicenceScript, type ContractServerState } from '../support/contract-licence-script';
import { openTestCore, tempDataDir, type TestCore } from '../support/core-fixture';
import { billingPeriod, createLeaseSigner, DAY_MS, growthLease } from '../support/lease-signer';
import { startScriptedHttpServer, type ScriptedHttpServer } from '../support/scripted-http-server';

// Scheduling as the owner lives it: the real core on real SQLite, through the real dispatcher
// (schemas included), with a clock the test sets. Connections are seeded through the vault.

const HOUR = 60 * 60 * 1000;
/** Monday 28 September 2026, 10:00 in Brisbane. */
const MONDAY_10AM_BRISBANE = Date.parse('2026-09-28T00:00:00Z');

let data: { dir: string; remove: () => void };
let t: TestCore;
let now: number;
let changed: string[];
let licenceServer: ScriptedHttpServer | null;

beforeEach(() => {
  data = tempDataDir('agencyiq-scheduling-');
  now = MONDAY_10AM_BRISBANE;
  changed = [];
  licenceServer = null;
});

afterEach(async () => {
  await t?.core.close();
  await licenceServer?.close();
  data.remove();
});

async function open(timeZone = 'Australia/Brisbane', env: Record<string, string> = {}): Promise<TestCore> {
  // The engine runs inside the core; with no adapters and timers that never fire it sends
  // nothing anywhere (what it does with due posts is tests/integration/scheduling-publishing.test.ts).
  t = await openTestCore(data.dir, {
    clock: { now: () => now },
    timers: { setTimeout: () => 0, clearTimeout: () => {} },
    platformAdapters: {},
    env,
    allowDevOverrides: true,
  });
  t.core.events.subscribe(({ event, payload }) => {
    if (event === 'scheduling.changed') changed.push((payload as { postId: string }).postId);
  });
  await t.call('profile.save', { businessName: 'Paddington Sourdough', offering: '', audience: '', toneOfVoice: '', website: '', timeZone });
  return t;
}

async function connect(platform: Platform, state: 'connected' | 'needs_reconnect' = 'connected'): Promise<string> {
  const store = t.core.connections.store;
  const id = await store.saveConnected({
    platform,
    accountId: `${platform}-account`,
    displayName: `Paddington on ${platform}`,
    tokens: { accessToken: `${platform}-access`, refreshToken: 'refresh', userAccessToken: null, scope: null },
    accessExpiresAt: now + 2 * HOUR,
    refreshExpiresAt: now + 180 * DAY_MS,
  });
  if (state === 'needs_reconnect') await store.markNeedsReconnect(id, 'revoked');
  return id;
}

const on = (...platforms: Platform[]): DraftTarget[] => platforms.map((platform) => ({ platform, text: null, title: null }));

async function draft(body: string, targets: DraftTarget[] = on('x')): Promise<string> {
  const id = randomUUID();
  await t.call('drafts.save', { id, body, targets });
  return id;
}

async function postRow(id: string) {
  return t.core.database.db.selectFrom('posts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}
async function targetRows(id: string) {
  return t.core.database.db.selectFrom('post_targets').selectAll().where('post_id', '=', id).orderBy('position').execute();
}

describe('scheduling a draft at a day and time', () => {
  it('stores the UTC instant and the business zone, sets every target scheduled through its connection, and tells the app', async () => {
    await open();
    const xId = await connect('x');
    const linkedinId = await connect('linkedin');
    const id = await draft('Sourdough is back on Thursday', on('x', 'linkedin'));

    const view = await t.call('scheduling.schedule', { postId: id, when: { kind: 'at', date: '2026-10-01', time: '09:00' } });

    // 09:00 Thursday in Brisbane (UTC+10, no daylight saving) is 23:00 UTC on Wednesday.
    expect(view).toMatchObject({ postId: id, state: 'scheduled', scheduledAt: Date.parse('2026-09-30T23:00:00Z'), timeZone: 'Australia/Brisbane', missedAt: null });
    expect(view.targets.map((target) => [target.platform, target.state])).toEqual([
      ['x', 'scheduled'],
      ['linkedin', 'scheduled'],
    ]);
    expect((await targetRows(id)).map((row) => row.connection_id)).toEqual([xId, linkedinId]);
    expect(changed).toEqual([id]);
    expect((await t.core.backgroundStatus()).nextScheduledAt).toBe(Date.parse('2026-09-30T23:00:00Z'));

    // Its text can no longer change under the scheduler, and it left the drafts list.
    await expect(t.call('drafts.save', { id, body: 'Edited', targets: on('x') })).rejects.toThrow(/conflict .*no longer a draft/);
    expect((await t.call('drafts.list', {})).items.map((item) => item.id)).not.toContain(id);
    await expect(t.call('scheduling.schedule', { postId: id, when: { kind: 'at', date: '2026-10-02', time: '09:00' } })).rejects.toThrow(
      /already scheduled/,
    );
  });

  it('reads the wall time in Sydney across the October daylight-saving change', async () => {
    await open('Australia/Sydney');
    await connect('x');
    const saturday = await draft('Saturday bake');
    const sunday = await draft('Sunday bake');
    const before = await t.call('scheduling.schedule', { postId: saturday, when: { kind: 'at', date: '2026-10-03', time: '09:00' } });
    const after = await t.call('scheduling.schedule', { postId: sunday, when: { kind: 'at', date: '2026-10-04', time: '09:00' } });
    expect(new Date(before.scheduledAt!).toISOString()).toBe('2026-10-02T23:00:00.000Z'); // AEST, UTC+10
    expect(new Date(after.scheduledAt!).toISOString()).toBe('2026-10-03T22:00:00.000Z'); // AEDT, UTC+11
    expect(after.timeZone).toBe('Australia/Sydney');
  });

  it('refuses a time the clocks skip, naming the nearest valid time, and leaves the draft as it was', async () => {
    await open('Australia/Sydney');
    await connect('x');
    const id = await draft('Early bake');
    await expect(t.call('scheduling.schedule', { postId: id, when: { kind: 'at', date: '2026-10-04', time: '02:30' } })).rejects.toThrow(
      /conflict .*2:30 am on Sunday 4 October 2026 does not exist in Australia\/Sydney.*nearest valid time is 3:00 am/,
    );
    expect(await postRow(id)).toMatchObject({ state: 'draft', scheduled_at: null });
    // The repeated hour of April is its first occurrence (02:30 AEDT).
    const april = await t.call('scheduling.schedule', { postId: id, when: { kind: 'at', date: '2027-04-04', time: '02:30' } });
    expect(new Date(april.scheduledAt!).toISOString()).toBe('2027-04-03T15:30:00.000Z');
  });

  it('refuses a time that has passed, a day not in the calendar, and offers Publish now', async () => {
    await open();
    await connect('x');
    const id = await draft('Too late');
    await expect(t.call('scheduling.schedule', { postId: id, when: { kind: 'at', date: '2026-09-28', time: '09:59' } })).rejects.toThrow(
      /Monday 28 September 2026, 9:59 am has already passed\. Pick a later time, or use Publish now\./,
    );
    await expect(t.call('scheduling.schedule', { postId: id, when: { kind: 'at', date: '2026-02-30', time: '09:00' } })).rejects.toThrow(
      /2026-02-30 is not a day in the calendar/,
    );
    expect((await postRow(id)).state).toBe('draft');
    expect(changed).toEqual([]);
  });
});

describe('validation before scheduling', () => {
  it('counts X by weighted length: 276 code points with emoji is 282, too long; a long link counts 23', async () => {
    await open();
    await connect('x');
    const emoji = await draft(`${'a'.repeat(270)}${'😀'.repeat(6)}`);
    expect((await t.call('scheduling.check', { postId: emoji })).problems).toEqual([
      { platform: 'x', message: 'The X post is 282 characters (X counts each link as 23 and each emoji as 2); X allows 280. Shorten it by 2.' },
    ]);
    await expect(t.call('scheduling.schedule', { postId: emoji, when: { kind: 'at', date: '2026-10-01', time: '09:00' } })).rejects.toThrow(
      /conflict This post can't be scheduled yet\. The X post is 282 characters/,
    );

    const link = await draft(`${'a'.repeat(250)} https://paddington-sourdough.example/${'p'.repeat(120)}`);
    expect((await t.call('scheduling.check', { postId: link })).problems).toEqual([]);
  });

  it('lists every problem with its platform (connection problems marked as such): not connected, needs reconnect, Instagram and YouTube without media, empty text', async () => {
    await open();
    await connect('x');
    await connect('facebook', 'needs_reconnect');
    const id = await draft('Hot cross buns', [
      { platform: 'x', text: '   ', title: null },
      { platform: 'facebook', text: null, title: null },
      { platform: 'linkedin', text: null, title: null },
      { platform: 'instagram', text: null, title: null },
      { platform: 'youtube', text: null, title: 'Buns' },
    ]);
    const { problems } = await t.call('scheduling.check', { postId: id });
    expect(problems).toEqual([
      { platform: 'x', message: 'The X post has no text. Write something for X, or remove it.' },
      { platform: 'facebook', message: 'Facebook needs you to sign in again. Reconnect it on the Connections page first.', about: 'connection' },
      { platform: 'linkedin', message: 'LinkedIn is not connected. Connect it on the Connections page first.', about: 'connection' },
      // Instagram publishes now, but only with a picture or a video (the media rules Compose shows).
      { platform: 'instagram', message: 'Instagram needs at least 1 picture or video.' },
      { platform: 'instagram', message: 'Instagram is not connected. Connect it on the Connections page first.', about: 'connection' },
      // YouTube publishes one video with a title: the title is there, the video is not.
      { platform: 'youtube', message: 'YouTube needs a video.' },
      { platform: 'youtube', message: 'YouTube is not connected. Connect it on the Connections page first.', about: 'connection' },
    ]);
    const refused = t.call('scheduling.schedule', { postId: id, when: { kind: 'at', date: '2026-10-01', time: '09:00' } });
    await expect(refused).rejects.toThrow(/conflict .*no text.*sign in again.*not connected.*Instagram needs at least 1 picture.*YouTube needs a video/);
    expect(await postRow(id)).toMatchObject({ state: 'draft', scheduled_at: null });
    expect((await targetRows(id)).every((row) => row.state === 'draft' && row.connection_id === null)).toBe(true);
  });

  it("checks each network's media rules: an Instagram post with a picture schedules, a picture too wide for Instagram does not", async () => {
    await open();
    await connect('instagram');
    const attach = async (postId: string, width: number, height: number) => {
      const bytes = await sharp({ create: { width, height, channels: 3, background: '#f39c12' } }).jpeg().toBuffer();
      const { uploadId } = await t.call('media.beginUpload', { postId, bytes: bytes.length, name: 'cake.jpg' });
      await t.call('media.uploadChunk', { uploadId, offset: 0, data: bytes.toString('base64') });
      return t.call('media.finishUpload', { uploadId });
    };
    const square = await draft('Lemon tart', on('instagram'));
    expect((await t.call('scheduling.check', { postId: square })).problems).toEqual([{ platform: 'instagram', message: 'Instagram needs at least 1 picture or video.' }]);
    await attach(square, 600, 600);
    expect((await t.call('scheduling.check', { postId: square })).problems).toEqual([]);

    const panorama = await draft('The whole shop', on('instagram'));
    await attach(panorama, 1200, 400);
    expect((await t.call('scheduling.check', { postId: panorama })).problems).toEqual([
      // Named by its attachment: Compose says it on the picture, not again beside Instagram.
      { platform: 'instagram', message: expect.stringMatching(/^Instagram takes pictures from 4:5 \(tall\) to 1\.91:1 \(wide\)/), attachmentId: expect.any(String) },
    ]);
  });

  it('treats a sign-in past its end as needing a reconnect', async () => {
    await open();
    await connect('x'); // refresh token lives 180 days
    const id = await draft('Later');
    now += 181 * DAY_MS;
    expect((await t.call('scheduling.check', { postId: id })).problems).toEqual([
      { platform: 'x', message: 'X needs you to sign in again. Reconnect it on the Connections page first.', about: 'connection' },
    ]);
  });

  it('asks for at least one platform', async () => {
    await open();
    const id = await draft('Nowhere to go', []);
    expect((await t.call('scheduling.check', { postId: id })).problems).toEqual([{ platform: null, message: 'Choose at least one platform to publish to.' }]);
  });
});

describe('queue slots and "add to next free slot"', () => {
  it('keeps the weekly times and picks the soonest free one, skipping taken slots and crossing into the next week', async () => {
    await open();
    await connect('x');
    const saved = await t.call('scheduling.slots.set', {
      slots: [
        { weekday: 3, time: '12:30' },
        { weekday: 1, time: '09:00' },
        { weekday: 1, time: '09:00' },
      ],
    });
    expect(saved).toEqual({ timeZone: 'Australia/Brisbane', slots: [{ weekday: 1, time: '09:00' }, { weekday: 3, time: '12:30' }] });
    expect(await t.call('scheduling.slots.get', {})).toEqual(saved);

    const next = async () => (await t.call('scheduling.schedule', { postId: await draft('Queued'), when: { kind: 'next-slot' } })).scheduledAt;
    // Monday 10:00 now: Monday 09:00 has passed, so Wednesday 12:30, then next Monday, then next Wednesday.
    const first = await next();
    expect(new Date(first!).toISOString()).toBe('2026-09-30T02:30:00.000Z');
    expect(new Date((await next())!).toISOString()).toBe('2026-10-04T23:00:00.000Z');
    expect(new Date((await next())!).toISOString()).toBe('2026-10-07T02:30:00.000Z');

    // Moving the Wednesday post back to the drafts frees its slot for the next one.
    const wednesday = (await t.call('scheduling.upcoming', {})).items[0]!;
    expect(wednesday.scheduledAt).toBe(first);
    await t.call('scheduling.unschedule', { postId: wednesday.postId });
    expect(await next()).toBe(first);
  });

  it('keeps 09:00 at 09:00 in Sydney across the October change, and moves a skipped slot to the end of the gap', async () => {
    await open('Australia/Sydney');
    await connect('x');
    await t.call('scheduling.slots.set', { slots: [{ weekday: 7, time: '09:00' }, { weekday: 7, time: '02:30' }] });
    now = Date.parse('2026-09-25T23:00:00Z'); // Saturday 26 September, 09:00 AEST
    const times: string[] = [];
    for (let i = 0; i < 4; i++) {
      const view = await t.call('scheduling.schedule', { postId: await draft(`Sunday ${i}`), when: { kind: 'next-slot' } });
      times.push(new Date(view.scheduledAt!).toISOString());
    }
    expect(times).toEqual([
      '2026-09-26T16:30:00.000Z', // Sunday 27 September 02:30 AEST
      '2026-09-26T23:00:00.000Z', // Sunday 27 September 09:00 AEST
      '2026-10-03T16:00:00.000Z', // Sunday 4 October: 02:30 does not exist; 03:00 AEDT
      '2026-10-03T22:00:00.000Z', // Sunday 4 October 09:00 AEDT
    ]);
  });

  it('prefers a suggested best hour for "next free slot" only when the owner turns it on', async () => {
    await open();
    await connect('x');
    // 20 X posts over the last 20 weeks, each on a Wednesday at 12:15 in Brisbane with numbers:
    // enough history for best times to suggest Wednesday 12:00.
    const sqlite = t.core.database.sqlite;
    for (let week = 1; week <= 20; week++) {
      const publishedAt = Date.parse('2026-09-30T02:15:00Z') - week * 7 * DAY_MS;
      const postId = randomUUID();
      const targetId = randomUUID();
      sqlite.prepare(`INSERT INTO posts (id, body, state, revision, scheduled_at, schedule_time_zone, created_at, updated_at) VALUES (?, 'Lunch special', 'done', 1, ?, 'Australia/Brisbane', ?, ?)`).run(postId, publishedAt, publishedAt, publishedAt);
      sqlite
        .prepare(`INSERT INTO post_targets (id, post_id, platform, position, state, platform_post_id, published_at, updated_at) VALUES (?, ?, 'x', 0, 'published', ?, ?, ?)`)
        .run(targetId, postId, String(1_880_000_000_000_000_000n + BigInt(week)), publishedAt, publishedAt);
      sqlite.prepare(`INSERT INTO metric_snapshots (target_id, collected_at, metric, value) VALUES (?, ?, 'impressions', 1000), (?, ?, 'engagements', 60)`).run(targetId, publishedAt + DAY_MS, targetId, publishedAt + DAY_MS);
    }
    // Tuesday 09:00 comes first; Wednesday 12:30 is in the suggested hour.
    await t.call('scheduling.slots.set', { slots: [{ weekday: 2, time: '09:00' }, { weekday: 3, time: '12:30' }] });
    const next = async () => {
      const view = await t.call('scheduling.schedule', { postId: await draft('Queued'), when: { kind: 'next-slot' } });
      return new Date(view.scheduledAt!).toISOString();
    };
    expect(await next()).toBe('2026-09-28T23:00:00.000Z'); // Tuesday 09:00: the setting is off by default

    expect((await t.call('preferences.update', { nextSlotPrefersBestTimes: true })).nextSlotPrefersBestTimes).toBe(true);
    expect(await next()).toBe('2026-09-30T02:30:00.000Z'); // Wednesday 12:30, the suggested hour
    expect(await next()).toBe('2026-10-07T02:30:00.000Z'); // that one is taken: next week's Wednesday 12:30, not Tuesday 09:00
  });

  it('says whether any post has left the drafts (Home ticks "schedule your first post" off by it)', async () => {
    await open();
    await connect('x');
    const id = await draft('First one');
    expect(await t.call('scheduling.started', {})).toEqual({ anyScheduled: false });
    await t.call('scheduling.schedule', { postId: id, when: { kind: 'at', date: '2026-10-02', time: '09:00' } });
    expect(await t.call('scheduling.started', {})).toEqual({ anyScheduled: true });
    await t.call('scheduling.unschedule', { postId: id });
    expect(await t.call('scheduling.started', {})).toEqual({ anyScheduled: false });
  });

  it('says so when there are no queue times', async () => {
    await open();
    await connect('x');
    const id = await draft('Queued');
    await expect(t.call('scheduling.schedule', { postId: id, when: { kind: 'next-slot' } })).rejects.toThrow(/conflict There are no queue times yet/);
    expect((await postRow(id)).state).toBe('draft');
  });
});

describe('the calendar and the upcoming list', () => {
  it('returns scheduled, publishing and published posts in the range, by scheduled or published time, soonest first', async () => {
    await open();
    await connect('x');
    const at = async (date: string, time: string) => {
      const id = await draft(`Post for ${date} ${time}`);
      await t.call('scheduling.schedule', { postId: id, when: { kind: 'at', date, time } });
      return id;
    };
    const inside1 = await at('2026-10-02', '09:00');
    const inside2 = await at('2026-10-01', '17:00');
    const outside = await at('2026-11-02', '09:00');
    const aDraft = await draft('Still a draft');

    // One that went out (as the engine records it): scheduled before the range, published inside it.
    const published = await at('2026-09-29', '08:00');
    const publishedAt = Date.parse('2026-10-03T01:00:00Z');
    await t.core.database.db.updateTable('posts').set({ state: 'done' }).where('id', '=', published).execute();
    await t.core.database.db
      .updateTable('post_targets')
      .set({ state: 'published', published_at: publishedAt, platform_post_id: '1850000000000000001', platform_url: 'https://x.com/i/status/1850000000000000001' })
      .where('post_id', '=', published)
      .execute();

    const from = Date.parse('2026-09-30T14:00:00Z'); // 1 October 00:00 Brisbane
    const to = from + 7 * DAY_MS;
    const calendar = await t.call('scheduling.calendar', { from, to });
    expect(calendar.timeZone).toBe('Australia/Brisbane');
    expect(calendar.items.map((item) => item.postId)).toEqual([published, inside2, inside1]);
    const done = calendar.items[0]!;
    expect(done).toMatchObject({ state: 'done', excerpt: 'Post for 2026-09-29 08:00' });
    expect(done.targets[0]).toMatchObject({ state: 'published', publishedAt, platformUrl: 'https://x.com/i/status/1850000000000000001', error: null });
    expect(calendar.items.map((item) => item.postId)).not.toContain(outside);
    expect(calendar.items.map((item) => item.postId)).not.toContain(aDraft);

    const page1 = await t.call('scheduling.upcoming', { limit: 2 });
    expect(page1.items.map((item: PostView) => item.postId)).toEqual([inside2, inside1]);
    expect(page1.hasMore).toBe(true);
    const page2 = await t.call('scheduling.upcoming', { limit: 2, offset: 2 });
    expect(page2).toMatchObject({ hasMore: false });
    expect(page2.items.map((item: PostView) => item.postId)).toEqual([outside]);

    // One post by id (Compose opening a post that left the drafts), and nothing for an unknown id.
    expect((await t.call('scheduling.get', { postId: inside1 })).post).toEqual(page1.items[1]);
    expect(await t.call('scheduling.get', { postId: '00000000-0000-4000-8000-000000000000' })).toEqual({ timeZone: 'Australia/Brisbane', post: null });
  });
});

describe('unscheduling and rescheduling', () => {
  it('takes a scheduled post back to the drafts, keeping its time to offer again, so it can be edited', async () => {
    await open();
    await connect('x');
    const id = await draft('Edit me');
    const scheduled = await t.call('scheduling.schedule', { postId: id, when: { kind: 'at', date: '2026-10-01', time: '09:00' } });
    await t.call('scheduling.unschedule', { postId: id });
    expect(await postRow(id)).toMatchObject({ state: 'draft', scheduled_at: scheduled.scheduledAt, schedule_time_zone: 'Australia/Brisbane' });
    expect((await targetRows(id)).map((row) => [row.state, row.connection_id])).toEqual([['draft', null]]);
    expect((await t.core.backgroundStatus()).nextScheduledAt).toBeNull();
    await t.call('drafts.save', { id, body: 'Edited', targets: on('x') });
    expect((await t.call('drafts.get', { id })).body).toBe('Edited');
    expect(changed).toEqual([id, id]);
  });

  it('moves a scheduled post with the same validation', async () => {
    await open();
    const xId = await connect('x');
    const id = await draft('Move me');
    await t.call('scheduling.schedule', { postId: id, when: { kind: 'at', date: '2026-10-01', time: '09:00' } });
    const moved = await t.call('scheduling.reschedule', { postId: id, date: '2026-10-05', time: '07:45' });
    expect(new Date(moved.scheduledAt!).toISOString()).toBe('2026-10-04T21:45:00.000Z');
    await expect(t.call('scheduling.reschedule', { postId: id, date: '2026-09-27', time: '07:45' })).rejects.toThrow(/has already passed/);
    await t.core.connections.store.markNeedsReconnect(xId, 'revoked');
    await expect(t.call('scheduling.reschedule', { postId: id, date: '2026-10-06', time: '07:45' })).rejects.toThrow(/X needs you to sign in again/);
    expect((await postRow(id)).scheduled_at).toBe(moved.scheduledAt);
  });

  it('refuses to unschedule, move or publish again once the engine has started publishing it', async () => {
    await open();
    await connect('x');
    const id = await draft('Going out');
    await t.call('scheduling.schedule', { postId: id, when: { kind: 'at', date: '2026-10-01', time: '09:00' } });
    // The engine's claim: post and target → publishing.
    await t.core.database.db.updateTable('posts').set({ state: 'publishing' }).where('id', '=', id).execute();
    await t.core.database.db.updateTable('post_targets').set({ state: 'publishing' }).where('post_id', '=', id).execute();

    await expect(t.call('scheduling.unschedule', { postId: id })).rejects.toThrow(/conflict This post has started publishing, so it can no longer be changed/);
    await expect(t.call('scheduling.reschedule', { postId: id, date: '2026-10-02', time: '09:00' })).rejects.toThrow(/started publishing/);
    await expect(t.call('scheduling.publishNow', { postId: id })).rejects.toThrow(/started publishing/);
    expect(await postRow(id)).toMatchObject({ state: 'publishing', scheduled_at: Date.parse('2026-09-30T23:00:00Z') });
    expect((await targetRows(id))[0]!.state).toBe('publishing');
  });
});

describe('Publish now and missed posts', () => {
  const signer = createLeaseSigner();

  /** A core whose licence server grants `postsPerCycle`, with `used` of them already published this cycle. */
  async function openWithPlan(postsPerCycle: number, used: number): Promise<void> {
    const anchor = now - 10 * DAY_MS;
    const state: ContractServerState = {
      licence: { payload: (hash, issuedAt) => growthLease(hash, issuedAt, { postsPerCycle, ...billingPeriod(anchor) }) },
      licenceKey: 'AIQ-GROW-7K2M-9QXD',
      now: () => now,
      tokens: new Map(),
      sessionsOpened: 0,
      otherDevices: [],
    };
    licenceServer = await startScriptedHttpServer(contractLicenceScript(signer, state));
    await open('Australia/Brisbane', { AGENCYIQ_LICENCE_SERVER_URL: licenceServer.url, AGENCYIQ_LICENCE_PUBLIC_KEY: signer.publicKeyRaw });
    for (let i = 0; i < used; i++) {
      const id = randomUUID();
      await t.core.database.db
        .insertInto('posts')
        .values({ id, body: `Published ${i}`, state: 'done', revision: 1, scheduled_at: now - DAY_MS, schedule_time_zone: 'Australia/Brisbane', created_at: now, updated_at: now, deleted_at: null, missed_at: null })
        .execute();
      await t.core.database.db.insertInto('quota_ledger').values({ post_id: id, cycle_start: anchor, entry: 'commit', created_at: now }).execute();
    }
    const status = await t.call('licence.sync', {});
    expect(status).toMatchObject({ state: 'active', usage: { left: postsPerCycle - used } });
  }

  it('makes a draft due now when posts are left', async () => {
    await openWithPlan(27, 3);
    await connect('x');
    const id = await draft('Fresh out of the oven');
    const view = await t.call('scheduling.publishNow', { postId: id });
    expect(view).toMatchObject({ state: 'scheduled', scheduledAt: now, timeZone: 'Australia/Brisbane', missedAt: null });
    expect(view.targets[0]).toMatchObject({ platform: 'x', state: 'scheduled' });
    expect(changed).toEqual([id]);
  });

  it('refuses with the reset date when no posts are left this cycle, and changes nothing', async () => {
    await openWithPlan(1, 1);
    await connect('x');
    const id = await draft('One too many');
    // The cycle began 10 days ago (18 September, 10:00 Brisbane); it resets 30 days after that.
    await expect(t.call('scheduling.publishNow', { postId: id })).rejects.toThrow(
      /conflict No posts are left this cycle\. Your allowance resets on Sunday 18 October 2026, 10:00 am/,
    );
    expect(await postRow(id)).toMatchObject({ state: 'draft', scheduled_at: null });
    expect(changed).toEqual([]);
  });

  it('refuses without a plan, in the Plan page\'s words', async () => {
    await open();
    await connect('x');
    const id = await draft('No plan yet');
    await expect(t.call('scheduling.publishNow', { postId: id })).rejects.toThrow(/conflict This post can't be published now\. You can draft freely; choose a plan to publish\./);
    expect((await postRow(id)).state).toBe('draft');
  });

  it('resolves a missed post three ways, clearing the missed mark each time', async () => {
    await openWithPlan(27, 0);
    await connect('x');
    const scheduled = async (body: string) => {
      const id = await draft(body);
      await t.call('scheduling.schedule', { postId: id, when: { kind: 'at', date: '2026-09-28', time: '11:00' } });
      return id;
    };
    const [a, b, c] = [await scheduled('A'), await scheduled('B'), await scheduled('C')];
    // The app was closed at 11:00; at the next start (13:00) the engine marks them missed.
    now += 3 * HOUR;
    await t.core.database.db.updateTable('posts').set({ missed_at: now }).where('id', 'in', [a, b, c]).execute();
    expect((await t.core.backgroundStatus()).nextScheduledAt).toBeNull(); // missed posts are not "next"
    // …but they need the owner: the tray counts them.
    expect((await t.core.backgroundStatus()).needsAttention).toBe(3);

    expect(await t.call('scheduling.resolveMissed', { postId: a, choice: { kind: 'publish-now' } })).toMatchObject({ state: 'scheduled', scheduledAt: now, missedAt: null });
    const moved = await t.call('scheduling.resolveMissed', { postId: b, choice: { kind: 'reschedule', date: '2026-09-29', time: '11:00' } });
    expect(moved).toMatchObject({ state: 'scheduled', scheduledAt: Date.parse('2026-09-29T01:00:00Z'), missedAt: null });
    expect(await t.call('scheduling.resolveMissed', { postId: c, choice: { kind: 'back-to-drafts' } })).toMatchObject({ state: 'draft', missedAt: null });

    await expect(t.call('scheduling.resolveMissed', { postId: b, choice: { kind: 'back-to-drafts' } })).rejects.toThrow(/no longer waiting for your choice/);
  });
});
