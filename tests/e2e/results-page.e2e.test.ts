import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { openDatabase } from '../../electron/core/db/open-database';
import { DATABASE_FILE_NAME } from '../../electron/core/open-core';
import { startWebHost, type WebHostProcess } from '../support/web-host-process';
import { launchChromium, newContext, openApp } from './support/browser';

// The Results page in Chromium through the browser host, over a seeded history of 24 X posts in
// the last 12 weeks where Tuesday 9 am (Brisbane) is best by construction: the table, the top
// posts, the CSV export, the best-times suggestion and adding it as a weekly posting time.

const SCREENSHOTS = fileURLToPath(new URL('../../test-artifacts/screenshots/', import.meta.url));
const WEEK = 7 * 86_400_000;
let browser: Browser;
let host: WebHostProcess | null = null;
let dataDir: string;
const problems: string[] = [];

beforeAll(async () => {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await host?.kill();
  await browser?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

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
        for (const [metric, value] of [['impressions', impressions], ['engagements', Math.round(impressions * rate)]] as const) {
          sqlite.prepare(`INSERT INTO metric_snapshots (target_id, collected_at, metric, value) VALUES (?, ?, ?, ?)`).run(targetId, publishedAt + 86_400_000, metric, value);
        }
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
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'agencyiq-e2e-results-'));
  seed(dataDir);
  host = await startWebHost({ dataDir });
  const context = await newContext(browser);
  const page = await openApp(context, host.url, problems);
  await page.getByRole('link', { name: 'Results' }).click();
  await page.getByRole('heading', { name: 'By network' }).waitFor();
  await page.getByLabel('Period').selectOption('90');

  const row = page.getByRole('row', { name: /^X / });
  await expect.poll(() => row.textContent()).toMatch(/^X2424/);
  await page.getByRole('link', { name: /Fresh loaves, week 11 \(Tuesday\)|Fresh loaves, week \d+ \(Tuesday\)/ }).first().waitFor();

  const csv = decodeURIComponent((await page.getByRole('link', { name: 'Export as CSV' }).getAttribute('href'))!.replace(/^data:text\/csv;charset=utf-8,/, ''));
  expect(csv.split('\r\n')[1]).toMatch(/^X,24,24,\d+,\d+,/);

  const followers = page.getByRole('row', { name: /^@paddingtonsourdough / });
  await expect.poll(() => followers.textContent()).toMatch(/^@paddingtonsourdoughX250 \(\d{4}-\d{2}-\d{2}\)254 \(\d{4}-\d{2}-\d{2}\)\+4$/);
  await page.getByText(/^Tuesday 09:00 — 8\.0% on average over 12 posts/).waitFor();
  await page.screenshot({ path: path.join(SCREENSHOTS, 'results-page.png'), fullPage: true });
  await page.getByRole('button', { name: 'Add as weekly posting time' }).first().click();
  await page.getByText('Added Tuesday at 09:00 to your weekly posting times.').waitFor();
  expect(problems).toEqual([]);
  await page.close();
});
