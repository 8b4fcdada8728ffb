import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { expect, test } from 'vitest';
import { openDatabase } from '../../electron/core/db/open-database';
import { DATABASE_FILE_NAME } from '../../electron/core/open-core';
import { appSession, SCREENSHOTS } from './support/app-session';
import { newContext, openApp } from './support/browser';

// The Results page in Chromium through the browser host, over a seeded history of 24 X posts in
// the last 12 weeks where Tuesday 9 am (Brisbane) is best by construction: the table, the top
// posts, the CSV export, the best-times suggestion and adding it as a weekly posting time.

const WEEK = 7 * 86_400_000;
// The test seeds the data folder first, then starts the host on it.
const session = appSession({ dataPrefix: 'agencyiq-e2e-results-' });
const { problems } = session;

/** The latest Monday 23:15 UTC (Tuesday 9:15 am in Brisbane, UTC+10 all year) before now. */
function lastTuesdayNineBrisbane(): number {
  const now = new Date();
  const monday = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 23, 15));
  while (monday.getUTCDay() !== 1 || monday.getTime() > now.getTime()) monday.setUTCDate(monday.getUTCDate() - 1);
  return monday.getTime();
}

function seed(dir: string): void {
  const database = openDatabase(path.join(dir, DATABASE_FILE_NAME));
  const sqlite = database.sqlite;
  const tuesday = lastTuesdayNineBrisbane();
  let id = 1_880_000_000_000_000_001n;
  sqlite.transaction(() => {
    sqlite.prepare(`INSERT INTO business_profile (id, business_name, offering, audience, tone_of_voice, website, time_zone, updated_at) VALUES (1, 'Paddington Sourdough', 'bread', 'locals', 'warm', '', 'Australia/Brisbane', 0)`).run();
    for (let week = 0; week < 12; week++) {
      // Tuesday 9:15 am: 8% of impressions engage; Thursday 2:15 pm: 3%.
      for (const [offset, rate] of [[0, 0.08], [2 * 86_400_000 + 5 * 3_600_000, 0.03]] as const) {
        const publishedAt = tuesday - week * WEEK + offset;
        const postId = randomUUID();
        const targetId = randomUUID();
        const postNumber = String(id++);
        sqlite.prepare(`INSERT INTO posts (id, body, state, revision, scheduled_at, schedule_time_zone, created_at, updated_at) VALUES (?, ?, 'done', 1, ?, 'Australia/Brisbane', ?, ?)`).run(postId, `Fresh loaves, week ${week}${offset === 0 ? ' (Tuesday)' : ' (Thursday)'}`, publishedAt, publishedAt, publishedAt);
        sqlite
          .prepare(`INSERT INTO post_targets (id, post_id, platform, position, state, platform_post_id, platform_url, published_at, updated_at) VALUES (?, ?, 'x', 0, 'published', ?, ?, ?, ?)`)
          .run(targetId, postId, postNumber, `https://x.com/i/web/status/${postNumber}`, publishedAt, publishedAt);
        const impressions = 1_000 + week * 10;
        // Read an hour after (engagements only: X had not counted impressions yet), then a day after.
        sqlite.prepare(`INSERT INTO metric_snapshots (target_id, collected_at, metric, value) VALUES (?, ?, 'engagements', ?)`).run(targetId, publishedAt + 3_600_000, Math.round(impressions * rate * 0.25));
        for (const [metric, value] of [['impressions', impressions], ['engagements', Math.round(impressions * rate)]] as const) {
          sqlite.prepare(`INSERT INTO metric_snapshots (target_id, collected_at, metric, value) VALUES (?, ?, ?, ?)`).run(targetId, publishedAt + 86_400_000, metric, value);
        }
        // The schedule keeps each post's latest numbers beside it (migration 14), as the collector writes them.
        sqlite
          .prepare(`INSERT INTO metric_schedule (target_id, published_at, next_due_at, last_error, updated_at, latest_impressions, latest_engagements) VALUES (?, ?, ?, NULL, ?, ?, ?)`)
          .run(targetId, publishedAt, publishedAt + 3 * 86_400_000, publishedAt, impressions, Math.round(impressions * rate));
      }
    }
    // Followers of the X account, read once a day (X collection is off, so nothing is read at start).
    sqlite.prepare(`INSERT INTO connections (id, platform, account_id, display_name, state, created_at, updated_at) VALUES ('x-conn', 'x', '1460000000000000001', '@paddingtonsourdough', 'connected', 0, 0)`).run();
    for (let day = 0; day < 3; day++) {
      const at = Date.now() - (2 - day) * 86_400_000;
      sqlite.prepare(`INSERT INTO follower_snapshots (connection_id, day, followers, collected_at) VALUES ('x-conn', ?, ?, ?)`).run(new Date(at).toISOString().slice(0, 10), 250 + day * 2, at);
    }
  })();
  sqlite.close();
}

test('an owner with 12 weeks of X posts sees the numbers, exports them, and adds Tuesday 9 am as a posting time', async () => {
  seed(session.dataDir);
  const host = await session.startHost();
  const context = await newContext(session.browser);
  const page = await openApp(context, host.url, problems);

  // Home, where the app opens: the last 30 days at a glance (no plan yet, so not a billing cycle),
  // and the steps still to do: the profile, the X account (its followers are seeded) and a first post are there already.
  await expect.poll(() => page.title()).toBe('Home – AgencyIQ');
  const glance = page.getByRole('region', { name: 'Last 30 days' });
  await glance.getByText('Posts published').waitFor();
  expect(await glance.locator('dd').first().innerText()).toMatch(/^[1-9]\d*$/);
  const steps = page.getByRole('region', { name: 'Getting started' });
  await steps.getByText('3 of 4 done').waitFor();
  expect(await steps.getByRole('listitem').allTextContents()).toEqual([
    expect.stringContaining('Tell AgencyIQ about your business (done)'),
    expect.stringContaining('Connect a network (done)'),
    expect.stringContaining('Choose a plan (to do)'),
    expect.stringContaining('Schedule your first post (done)'),
  ]);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'home-with-history.png'), fullPage: true });

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Results' }).click();
  await page.getByRole('heading', { name: 'By network' }).waitFor();
  await page.getByLabel('Period').selectOption('90');

  const row = page.getByRole('row', { name: /^X / });
  await expect.poll(() => row.textContent()).toMatch(/^X2424/);
  await page.getByRole('link', { name: /Fresh loaves, week 11 \(Tuesday\)|Fresh loaves, week \d+ \(Tuesday\)/ }).first().waitFor();

  const csv = decodeURIComponent((await page.getByRole('link', { name: 'Export as CSV' }).getAttribute('href'))!.replace(/^data:text\/csv;charset=utf-8,/, ''));
  expect(csv.split('\r\n')[1]).toMatch(/^X,24,24,\d+,\d+,/);

  const followers = page.getByRole('row', { name: /^@paddingtonsourdough / });
  await expect.poll(() => followers.textContent()).toMatch(/^@paddingtonsourdoughX250 \(\w+ \d{1,2} \w+\)254 \(\w+ \d{1,2} \w+\)\+4$/);
  await page.getByText(/^Tuesday 09:00 — 8\.0% on average over 12 posts/).waitFor();
  await page.screenshot({ path: path.join(SCREENSHOTS, 'results-page.png'), fullPage: true });
  await page.getByRole('button', { name: 'Add as weekly posting time' }).first().click();
  await page.getByText('Added Tuesday at 09:00 to your weekly posting times.').waitFor();
  // "Add to next free slot" may prefer the suggestions: the switch beside them is the stored setting.
  const prefer = page.getByRole('checkbox', { name: '“Add to next free slot” prefers the suggested best times' });
  expect(await prefer.isChecked()).toBe(false);
  await prefer.check();
  await expect.poll(() => page.evaluate(() => (window as unknown as { agencyiq: { invoke: (c: string, r: unknown) => Promise<{ value: { nextSlotPrefersBestTimes: boolean } }> } }).agencyiq.invoke('preferences.get', {}))).toMatchObject({
    value: { nextSlotPrefersBestTimes: true },
  });

  // A post's own numbers over time, from its Publishing entry: one row per read, the number X had
  // not given at the first read "not available" (never 0), and where each number comes from.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Publishing' }).click();
  const entry = page.getByRole('region', { name: 'Recent' }).getByRole('listitem').filter({ hasText: 'Fresh loaves, week 0 (Tuesday)' }).first();
  await entry.getByRole('button', { name: 'Show numbers on X' }).click();
  const reads = entry.getByRole('table', { name: /^X numbers at each read/ });
  await reads.waitFor();
  const rows = await reads.getByRole('row').allInnerTexts();
  expect(rows[0]!.split('\t')).toEqual(['Read', 'Impressions', 'Engagements', 'Likes', 'Comments', 'Shares', 'Saves']);
  expect(rows[1]!.split('\t').slice(1)).toEqual(['not available', '20', 'not available', 'not available', 'not available', 'not available']);
  expect(rows[1]).toMatch(/^1 hour after/);
  expect(rows[2]!.split('\t').slice(1, 3)).toEqual(['1,000', '80']);
  expect(rows[2]).toMatch(/^1 day after/);
  expect(await entry.getByRole('img', { name: /^Engagements over time: 20 1 hour after publishing, 80 1 day after publishing$/ }).count()).toBe(1);
  await entry.getByText('Where these numbers come from').click();
  await entry.getByText('impression_count').waitFor();
  await page.screenshot({ path: path.join(SCREENSHOTS, 'publishing-post-numbers.png'), fullPage: true });
  expect(problems).toEqual([]);
  await page.close();
}, 120_000);
