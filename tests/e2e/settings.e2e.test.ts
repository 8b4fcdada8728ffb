import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { appSession, SCREENSHOTS } from './support/app-session';
import { newContext, openApp, saveDraft } from './support/browser';

// Settings as the owner uses it: backups listed with dates, "Back up now", the notifications
// switch surviving a reload, Restore with its confirmation, Export diagnostics; and a damaged
// database at start, recovered from the notice.

// The tests stop and start the host themselves: the second starts it on the first one's folder.
const session = appSession({ dataPrefix: 'agencyiq-e2e-settings-' });
const { problems } = session;

/** Saves a Facebook draft through the page's own bridge; returns its id. */
const saveFacebookDraft = (page: Page, body: string): Promise<string> => saveDraft(page, { body, targets: [{ platform: 'facebook', text: null, title: null }] });

const DATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{1,2} [A-Z][a-z]{2} \d{4}, \d{1,2}:\d{2}\s?[ap]m$/;

test(
  'lists backups with dates, backs up now, keeps the notifications switch, restores with confirmation and exports diagnostics',
  async () => {
    const host = await session.startHost();
    const context = await newContext(session.browser);
    const page = await openApp(context, host.url, problems, '#/settings');
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    for (const section of ['Updates', 'Startup', 'Notifications', 'Backups', 'Diagnostics']) {
      await page.getByRole('heading', { name: section, level: 2 }).waitFor();
    }
    // The update state, told honestly: the browser host never updates itself.
    await page
      .getByRole('region', { name: 'Updates' })
      .getByText('Updates are not available in the web browser.')
      .waitFor();

    // The first start made a backup on its own.
    const rows = page.getByRole('list', { name: 'Your backups' }).getByRole('listitem');
    await expect.poll(() => rows.count()).toBe(1);
    expect((await rows.first().locator('.backup-date').textContent())?.trim()).toMatch(DATE);
    // Named by date and what it holds, never by its file name.
    expect(await rows.first().locator('.backup-holds').textContent()).toBe('No posts or drafts yet');

    const before = await saveFacebookDraft(page, 'Saved before the backup: pumpkin loaf is back');
    await page.getByRole('button', { name: 'Back up now' }).click();
    await page.getByText(/^Backed up: .* \(1 draft\)\.$/).waitFor();
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.first().locator('.backup-holds').textContent()).toBe('1 draft');
    expect(await page.getByRole('region', { name: 'Backups' }).innerText()).not.toMatch(/agencyiq-\d|\.db\b/);
    const after = await saveFacebookDraft(page, 'Saved after the backup: closed Monday');

    // The notifications switch persists across a reload.
    const notifications = page.getByLabel(/Tell me when a post is published/);
    await expect.poll(() => notifications.isChecked()).toBe(true);
    await notifications.uncheck();
    await page.reload();
    await expect.poll(() => page.getByLabel(/Tell me when a post is published/).isChecked()).toBe(false);
    await expect.poll(() => rows.count()).toBe(2);

    await page.screenshot({ path: path.join(SCREENSHOTS, 'settings.png'), fullPage: true });

    // Restore… asks first, says the current database is kept aside, and Cancel changes nothing.
    await rows.first().getByRole('button', { name: /^Restore the backup from / }).click();
    const confirm = page.getByRole('alertdialog');
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain('Your current database is kept aside');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'settings-restore-confirm.png'), fullPage: true });
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    expect(await page.getByRole('alertdialog').count()).toBe(0);

    await rows.first().getByRole('button', { name: /^Restore the backup from / }).click();
    const reloaded = page.waitForEvent('load');
    await page.getByRole('alertdialog').getByRole('button', { name: 'Restore this backup' }).click();
    await reloaded;
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    // The switch is back as it was in the backup (on), and so are the drafts.
    await expect.poll(() => page.getByLabel(/Tell me when a post is published/).isChecked()).toBe(true);
    await page.getByRole('link', { name: 'Drafts' }).click();
    const drafts = page.getByRole('list', { name: 'Your drafts' }).getByRole('listitem');
    await expect.poll(() => drafts.count()).toBe(1);
    expect(await drafts.first().getByRole('link').getAttribute('href')).toBe(`#/compose/${before}`);
    expect(await page.getByText('closed Monday').count()).toBe(0);
    const kept = fs.readdirSync(session.dataDir).filter((name) => /^agencyiq\.db\.before-restore-\d{8}-\d{6}$/.test(name));
    expect(kept).toHaveLength(1);
    const aside = new BetterSqlite3(path.join(session.dataDir, kept[0]!), { readonly: true });
    expect(aside.prepare('select count(*) from posts where id = ?').pluck().get(after)).toBe(1);
    aside.close();

    // Export diagnostics says where the file went (the browser host saves into its data folder).
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Export diagnostics' }).click();
    const saved = page.getByText('Diagnostics saved to');
    await saved.waitFor();
    const zipPath = (await saved.locator('code').textContent())!.trim();
    expect(path.dirname(zipPath)).toBe(path.join(session.dataDir, 'diagnostics'));
    expect(fs.statSync(zipPath).size).toBeGreaterThan(100);

    expect(problems).toEqual([]);
    await context.close();
    await session.stopHost();
  },
  120_000,
);

test(
  'a damaged database at start: the notice says where it was kept and restores the newest good backup',
  async () => {
    const dbPath = path.join(session.dataDir, 'agencyiq.db');
    // The first test left a database whose newest backup holds one draft; add drafts after it.
    let host = await session.startHost();
    const context = await newContext(session.browser);
    let page = await openApp(context, host.url, problems, '#/drafts');
    for (let n = 0; n < 40; n += 1) await saveFacebookDraft(page, `Filler ${n}: ${'market day '.repeat(150)}`);
    // Closed first: a page left open would log its reconnection attempts to a stopped host.
    await page.close();
    await session.stopHost();

    const db = new BetterSqlite3(dbPath, { readonly: true });
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const pages = db.prepare("select pageno from dbstat where name = 'posts' and pagetype = 'leaf' order by pageno").pluck().all() as number[];
    db.close();
    const bytes = fs.readFileSync(dbPath);
    const start = (pages[Math.floor(pages.length / 2)]! - 1) * pageSize;
    for (let offset = start + 8; offset < start + pageSize; offset += 1) bytes[offset] = (offset * 13 + 5) & 0xff;
    fs.writeFileSync(dbPath, bytes);

    host = await session.startHost();
    page = await openApp(context, host.url, problems, '#/drafts');
    const notice = page.getByRole('alert').filter({ hasText: 'found its database damaged' });
    await notice.waitFor();
    const keptAt = (await notice.locator('code').textContent())!.trim();
    expect(fs.readFileSync(keptAt).equals(bytes)).toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'damaged-database-notice.png'), fullPage: true });

    const reloaded = page.waitForEvent('load');
    await notice.getByRole('button', { name: /^Restore backup from / }).click();
    await reloaded;
    const drafts = page.getByRole('list', { name: 'Your drafts' }).getByRole('listitem');
    await expect.poll(() => drafts.count()).toBe(1);
    expect(await drafts.first().textContent()).toContain('Saved before the backup');
    expect(await page.getByText('found its database damaged').count()).toBe(0);

    expect(problems).toEqual([]);
    await context.close();
    await session.stopHost();
  },
  120_000,
);
