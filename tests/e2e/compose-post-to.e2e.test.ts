import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { addDays, formatLocalDate, isoWeekday, parseLocalDate, wallPartsAt } from '@shared/time/zoned-time';
import { appSession, SCREENSHOTS } from './support/app-session';
import { newContext, openApp, waitForSaved } from './support/browser';
import { approveInBrowser, startOAuthFakes, type OAuthFakes } from '../support/oauth-harness';

// Compose as a new owner meets it: no red before anything is typed, each problem said once, and
// the "Post to" choices telling where AgencyIQ can post — with Connect right there, the owner
// staying on the same draft while the browser signs in.

/** The app's --danger colour, as computed styles report it. */
const DANGER = 'rgb(180, 35, 24)';

const session = appSession({ dataPrefix: 'agencyiq-e2e-compose-' });
const { problems } = session;
let fakes: OAuthFakes;

// The host is pointed at the OAuth stand-ins, so they start first.
beforeAll(async () => {
  fakes = await startOAuthFakes();
  await session.startHost(fakes.env);
}, 60_000);
afterAll(() => fakes?.stop());

/** The visible text drawn in the danger colour (red), one entry per element that has its own text. */
function redText(page: Page): Promise<string[]> {
  return page.evaluate((danger) => {
    const red: string[] = [];
    for (const element of document.querySelectorAll<HTMLElement>('main *')) {
      const own = [...element.childNodes].filter((node) => node.nodeType === Node.TEXT_NODE).map((node) => node.textContent ?? '').join('').trim();
      if (own === '' || element.offsetParent === null) continue;
      if (getComputedStyle(element).color === danger) red.push(own);
    }
    return red;
  }, DANGER);
}

function occurrences(text: string, part: string): number {
  return text.split(part).length - 1;
}

test('before typing nothing is red; ticking X first still shows no problem; every network can be chosen, each with its Connect', async () => {
  const context = await newContext(session.browser);
  const page = await openApp(context, session.host!.url, problems, '#/compose');
  await page.getByLabel('Your post').waitFor();
  const postTo = page.getByRole('group', { name: 'Post to' });
  await postTo.getByText('Not connected').first().waitFor();
  expect(await redText(page)).toEqual([]);

  // Instagram (pictures, carousels, Reels) and YouTube (videos) publish now: choices like the others, with their Connect.
  for (const [name, id] of [['Instagram', 'instagram'], ['YouTube', 'youtube']] as const) {
    expect(await postTo.getByRole('checkbox', { name, exact: true }).isDisabled()).toBe(false);
    expect(await postTo.locator(`#post-to-${id}-state`).innerText()).toBe('Not connected');
    expect(await postTo.getByRole('button', { name: `Connect ${name}` }).count()).toBe(1);
  }
  expect(await postTo.locator('#post-to-x-state').innerText()).toBe('Not connected');
  // Each choice carries its network's mark (Simple Icons); LinkedIn, absent there, a neutral letter.
  for (const platform of ['facebook', 'instagram', 'x', 'youtube']) {
    expect(await postTo.locator(`svg[data-platform-logo="${platform}"] path`).getAttribute('d')).toMatch(/^M/);
  }
  expect(await postTo.locator('[data-platform-logo="linkedin"]').innerText()).toBe('L');

  // Ticking X before writing saves the draft; "no text" and "not connected" are not shouted yet.
  await postTo.getByRole('checkbox', { name: 'X', exact: true }).check();
  await waitForSaved(page);
  await page.getByRole('region', { name: 'Schedule' }).getByText('Write your post first; it is saved as you type.').waitFor();
  expect(await page.getByRole('list', { name: 'Before X can be scheduled' }).count()).toBe(0);
  expect(await redText(page)).toEqual([]);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'compose-empty.png'), fullPage: true });
  expect(problems).toEqual([]);
  await context.close();
});

test('an over-limit post is said once, beside X; the counter stays neutral', async () => {
  const context = await newContext(session.browser);
  const page = await openApp(context, session.host!.url, problems, '#/compose');
  await page.getByLabel('Your post').fill('a'.repeat(300));
  await page.getByRole('checkbox', { name: 'X', exact: true }).check();
  await waitForSaved(page);
  const xProblems = page.getByRole('list', { name: 'Before X can be scheduled' });
  await xProblems.waitFor();
  expect(await xProblems.innerText()).toContain('Shorten it by 20.');

  const main = await page.locator('main').innerText();
  expect(occurrences(main, 'Shorten')).toBe(1);
  expect(occurrences(main, 'over')).toBe(0);
  // The connection is said at "Post to" only, not again in X's problem list.
  expect(await xProblems.innerText()).not.toContain('not connected');
  const counter = page.getByTestId('counter-x-text');
  expect(await counter.innerText()).toBe('X 300 / 280');
  expect(await counter.evaluate((element) => getComputedStyle(element).color)).not.toBe(DANGER);
  expect(await page.getByRole('region', { name: 'Schedule' }).getByText('Not ready yet: see X above.').count()).toBe(1);
  // The one red thing is the problem itself.
  expect((await redText(page)).every((text) => text.includes('characters'))).toBe(true);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'compose-over-limit.png'), fullPage: true });
  expect(problems).toEqual([]);
  await context.close();
});

test('Connect X from the Post to choice: the browser signs in, the owner is still on the same draft, and scheduling says when AgencyIQ must run', async () => {
  const context = await newContext(session.browser);
  const page = await openApp(context, session.host!.url, problems, '#/settings');
  // The owner says the computer sleeps 9–11 am: the confirmation, the chip and the post's card say so.
  await page.getByRole('checkbox', { name: 'This computer usually sleeps' }).check();
  await page.getByLabel('Asleep from').fill('09:00');
  await page.getByLabel('until', { exact: true }).fill('11:00');
  await expect.poll(() => page.evaluate(async () => {
    const bridge = (window as unknown as { agencyiq: { invoke: (c: string, r: object) => Promise<{ ok: boolean; value: { usualSleep: unknown } }> } }).agencyiq;
    return (await bridge.invoke('preferences.get', {})).value.usualSleep;
  })).toEqual({ from: '09:00', to: '11:00' });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Compose' }).click();
  const text = 'Fresh sourdough every Saturday from 7 am. Come early!';
  await page.getByLabel('Your post').fill(text);
  const postTo = page.getByRole('group', { name: 'Post to' });
  await postTo.getByRole('checkbox', { name: 'X', exact: true }).check();
  await waitForSaved(page);
  const draftUrl = page.url();
  expect(draftUrl).toMatch(/#\/compose\/[0-9a-f-]{36}$/);

  const opened = session.host!.openedUrls().length;
  await postTo.getByRole('button', { name: 'Connect X' }).click();
  const authorizeUrl = await session.host!.waitForOpenedUrl((url) => url.startsWith(fakes.servers.x.authorizeUrl), { after: opened });
  await expect.poll(() => postTo.locator('#post-to-x-state').innerText()).toBe('Finish signing in in your browser…');
  session.host!.deliverDeepLink(await approveInBrowser(authorizeUrl));

  await expect.poll(() => postTo.locator('#post-to-x-state').innerText()).toBe('Connected');
  expect(await postTo.getByRole('button', { name: 'Connect X' }).count()).toBe(0);
  expect(page.url()).toBe(draftUrl);
  expect(await page.getByLabel('Your post').inputValue()).toBe(text);
  expect(await postTo.getByRole('checkbox', { name: 'X', exact: true }).isChecked()).toBe(true);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'compose-connected.png'), fullPage: true });

  // Scheduled: the confirmation says when AgencyIQ must be running (this host words it for itself).
  const today = wallPartsAt(Date.now(), 'Australia/Brisbane');
  const inTwoDays = formatLocalDate(addDays(parseLocalDate(formatLocalDate(today))!, 2));
  const panel = page.getByRole('region', { name: 'Schedule' });
  await panel.getByLabel('Date').fill(inTwoDays);
  await panel.getByLabel('Time').fill('10:00');
  await panel.getByRole('button', { name: /^Schedule for .*10:00 am$/ }).click();
  const weekday = new Intl.DateTimeFormat('en-AU', { weekday: 'short', timeZone: 'UTC' }).format(new Date(`${inTwoDays}T00:00:00Z`));
  await expect
    .poll(() => page.getByTestId('running-reminder').innerText())
    .toBe(`AgencyIQ needs to be running on this computer at 10:00 am ${weekday} — keep it running until then; nothing goes out while it is stopped.`);
  expect(await page.getByTestId('asleep-warning').innerText()).toBe(
    'This computer is usually asleep then (you said so in Settings), so this post will be missed unless it is awake — choose another time or keep it on.',
  );
  // Said once: the post's card under the confirmation does not repeat it.
  expect(await page.getByText(/usually asleep then/).count()).toBe(1);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'compose-scheduled-reminder.png'), fullPage: true });

  // On the Calendar, a drag to the next day offers Undo, which puts it back at its time.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Calendar' }).click();
  if (inTwoDays.slice(0, 7) !== formatLocalDate(today).slice(0, 7)) await page.getByRole('button', { name: 'Next month' }).click();
  const chip = /^10:00 am, likely asleep: Fresh sourdough.*\(X\)$/;
  // The next day, or the day before where the next one is outside the month grid (a Sunday).
  const nextDay = formatLocalDate(addDays(parseLocalDate(inTwoDays)!, isoWeekday(parseLocalDate(inTwoDays)!) < 7 ? 1 : -1));
  await page.locator(`td[data-date="${inTwoDays}"]`).getByRole('button', { name: chip }).waitFor();
  await page.getByRole('button', { name: chip }).dragTo(page.locator(`td[data-date="${nextDay}"]`));
  await page.getByText(/^Moved “Fresh sourdough.*” to .*10:00 am\./).waitFor();
  await expect.poll(() => page.locator(`td[data-date="${nextDay}"]`).getByRole('button', { name: chip }).count()).toBe(1);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'calendar-moved-undo.png'), fullPage: true });
  await page.getByRole('button', { name: 'Undo' }).click();
  await page.getByText(/^“Fresh sourdough.*” is back at .*10:00 am\./).waitFor();
  await expect.poll(() => page.locator(`td[data-date="${inTwoDays}"]`).getByRole('button', { name: chip }).count()).toBe(1);
  expect(await page.locator(`td[data-date="${nextDay}"]`).getByRole('button', { name: chip }).count()).toBe(0);

  // The week view opens at this week's first post (10 am), or at 8 am when the post is next week.
  await page.getByRole('button', { name: 'Week' }).click();
  const sameWeek = isoWeekday(parseLocalDate(formatLocalDate(today))!) <= 5;
  const scroller = page.locator('.calendar-week-scroll');
  await scroller.locator('tbody tr').first().waitFor();
  const firstShown = await scroller.evaluate((element) => {
    const header = element.querySelector('thead')!.getBoundingClientRect().height;
    const rows = [...element.querySelectorAll('tbody tr')];
    const top = element.getBoundingClientRect().top + header;
    return rows.find((row) => row.getBoundingClientRect().bottom > top + 2)?.querySelector('th')?.textContent;
  });
  expect(firstShown).toBe(sameWeek ? '10:00 am' : '8:00 am');

  await page.getByRole('button', { name: 'Month' }).click();
  const asleepChip = page.locator(`td[data-date="${inTwoDays}"]`).getByRole('button', { name: chip });
  await asleepChip.waitFor();
  expect(await asleepChip.locator('.post-chip-asleep').innerText()).toBe('Likely asleep');
  await page.screenshot({ path: path.join(SCREENSHOTS, 'calendar-likely-asleep.png'), fullPage: true });
  await asleepChip.click();
  await page.getByRole('dialog').getByText(/^This computer is usually asleep then \(you said so in Settings\)/).waitFor();
  await page.keyboard.press('Escape');
  await page.goto(draftUrl);
  // Opened again in Compose, the post's card says it too.
  await page.locator('.scheduled-post .asleep-warning').getByText(/^This computer is usually asleep then \(you said so in Settings\), so this post will be missed unless it is awake/).waitFor();
  await page.screenshot({ path: path.join(SCREENSHOTS, 'compose-scheduled-asleep.png'), fullPage: true });
  expect(problems).toEqual([]);
  await context.close();
}, 120_000);
