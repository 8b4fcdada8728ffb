import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { appSession, SCREENSHOTS } from './support/app-session';
import { newContext, openApp, openDraftInCompose, waitForSaved } from './support/browser';
import { axeViolations } from './support/axe';
import { approveInBrowser, startOAuthFakes, type OAuthFakes } from '../support/oauth-harness';
import { addDays, formatLocalDate, parseLocalDate, wallPartsAt } from '@shared/time/zoned-time';
import { png } from '../support/media-fixtures';

// An owner attaches a photo in Compose (browser host), sees how Instagram, X and Facebook will
// show the post, switching networks with the keyboard while typing, and finds the photo's
// thumbnail on the post's row in the drafts list.

const session = appSession({ dataPrefix: 'agencyiq-e2e-previews-' });
const { problems } = session;
let fakes: OAuthFakes | undefined;

// The host is pointed at the OAuth stand-ins, so they start first.
beforeAll(async () => {
  fakes = await startOAuthFakes();
  await session.startHost(fakes.env);
}, 60_000);
afterAll(() => fakes?.stop());

const LONG =
  'Fresh lamingtons on the counter this morning! Dipped in chocolate, rolled in coconut and filled with raspberry jam. ' +
  'Come early, they go fast. Order online: https://cakes.example/order';

test(
  'a photo in Compose: previews per network by keyboard, following the text, and its thumbnail in the drafts list',
  async () => {
    const context = await newContext(session.browser);
    // Instagram cannot be ticked until it publishes; a draft can still name it (see attachments e2e).
    const page = await openDraftInCompose(context, session.host!.url, problems, {
      body: LONG,
      targets: [
        { platform: 'facebook', text: null, title: null },
        { platform: 'instagram', text: null, title: null },
        { platform: 'x', text: null, title: null },
      ],
    });
    await expect.poll(() => page.getByLabel('Your post').inputValue()).toBe(LONG);

    // Before any media, Facebook shows the link's card.
    const preview = page.getByRole('complementary', { name: 'Preview' });
    const panel = preview.getByRole('tabpanel');
    await expect.poll(() => panel.locator('.preview-link-card').textContent()).toContain('cakes.example');
    // A problem of the post's files as a whole is said once, under the attachments where a file is
    // added, and not again on Instagram's card (the scheduling check has answered once "Not ready yet" shows).
    await page.getByText('Not ready yet: see').waitFor();
    const postReasons = page.getByRole('list', { name: 'Before these networks can take this post' });
    expect(await postReasons.textContent()).toContain('Instagram needs at least 1 picture or video.');
    expect(await page.getByText('Instagram needs at least 1 picture or video.').count()).toBe(1);

    // A tall photo (taller than Instagram's 4:5).
    const photo = path.join(session.dataDir, 'lamingtons.png');
    fs.writeFileSync(photo, await png(800, 1200));
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Add pictures or video…' }).click();
    await (await chooser).setFiles([photo]);
    await page.getByRole('listitem', { name: 'Picture 1' }).waitFor();
    // What stands in the way of scheduling follows the attachments at once: Instagram has its
    // picture now (the photo's shape is its one problem, said on the photo), not "needs a picture".
    await expect.poll(() => page.getByText('Instagram needs at least 1 picture or video.').count()).toBe(0);
    await page.getByText(/Instagram takes pictures from 4:5/).first().waitFor();

    // Facebook: the photo takes the link card's place; the text is whole (under its fold).
    await expect.poll(() => panel.locator('img').count()).toBe(1);
    expect(await panel.locator('.preview-link-card').count()).toBe(0);
    expect(await panel.textContent()).not.toContain('See more');

    // Arrow right to Instagram: the caption is cut with "… more", the picture cropped to 4:5.
    await preview.getByRole('tab', { name: 'Facebook' }).focus();
    await page.keyboard.press('ArrowRight');
    const instagram = preview.getByRole('tab', { name: 'Instagram' });
    await expect.poll(() => instagram.getAttribute('aria-selected')).toBe('true');
    expect(await instagram.evaluate((el) => el === document.activeElement)).toBe(true);
    await expect.poll(() => panel.textContent()).toContain('… more');
    expect(await panel.locator('figure').getAttribute('data-cropped')).toBe('true');
    expect(await panel.locator('figure').evaluate((el) => getComputedStyle(el).aspectRatio)).toBe('0.8 / 1');
    // As Instagram shows a caption: the account name in bold, then the caption on the same line.
    const caption = panel.locator('.preview-text');
    expect(await caption.locator('strong').textContent()).toBe('Your Instagram account');
    expect(await caption.textContent()).toMatch(/^Your Instagram account Fresh lamingtons on the counter this morning!/);
    const [nameTop, captionTop] = await caption.evaluate((p) => {
      const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
      let node = walker.nextNode();
      while (node && !node.textContent!.startsWith('Fresh')) node = walker.nextNode();
      const range = document.createRange();
      range.setStart(node!, 0);
      range.setEnd(node!, 1);
      return [p.querySelector('strong')!.getBoundingClientRect().top, range.getBoundingClientRect().top];
    });
    expect(Math.abs(nameTop! - captionTop!)).toBeLessThan(4);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'compose-preview-instagram.png'), fullPage: true });

    // End to X: the weighted count (the link counts 23), and it follows typing.
    await page.keyboard.press('End');
    await expect.poll(() => preview.getByRole('tab', { name: 'X' }).getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => panel.textContent()).toMatch(/\d+ of 280 as X counts/);
    const before = Number((await panel.textContent())!.match(/(\d+) of 280/)![1]);
    await page.getByLabel('Your post').press('Control+End');
    await page.getByLabel('Your post').pressSequentially(' 🍰');
    await expect.poll(async () => Number((await panel.textContent())!.match(/(\d+) of 280/)![1])).toBe(before + 3);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'compose-preview-x.png'), fullPage: true });
    expect(await axeViolations(page, session.host!.url)).toEqual([]);

    // The drafts list shows the photo's thumbnail on the post's row.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Drafts' }).click();
    const row = page.locator('.draft-row', { hasText: 'Fresh lamingtons' });
    await expect.poll(() => row.locator('.media-cover img').count()).toBe(1);
    expect(await row.locator('.media-cover img').getAttribute('src')).toMatch(/^data:image\/jpeg;base64,/);
    expect(await row.textContent()).toContain('With a picture');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'drafts-with-thumbnail.png'), fullPage: true });
    expect(await axeViolations(page, session.host!.url)).toEqual([]);
    expect(problems).toEqual([]);
  },
  120_000,
);

test(
  'a scheduled post with a photo shows its thumbnail on its calendar chip',
  async () => {
    const context = await newContext(session.browser);
    const page = await openApp(context, session.host!.url, problems, '#/compose');
    await page.getByLabel('Your post').fill('Shop front, freshly painted. Open 7 till 3.');
    const postTo = page.getByRole('group', { name: 'Post to' });
    await postTo.getByRole('checkbox', { name: 'X', exact: true }).check();
    await waitForSaved(page);
    const opened = session.host!.openedUrls().length;
    await postTo.getByRole('button', { name: 'Connect X' }).click();
    const authorizeUrl = await session.host!.waitForOpenedUrl((url) => url.startsWith(fakes!.servers.x.authorizeUrl), { after: opened });
    session.host!.deliverDeepLink(await approveInBrowser(authorizeUrl));
    await expect.poll(() => postTo.locator('#post-to-x-state').innerText()).toBe('Connected');

    const photo = path.join(session.dataDir, 'shop.png');
    fs.writeFileSync(photo, await png(1200, 900));
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Add pictures or video…' }).click();
    await (await chooser).setFiles([photo]);
    await page.getByRole('listitem', { name: 'Picture 1' }).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'compose-with-media.png'), fullPage: true });

    const today = wallPartsAt(Date.now(), 'Australia/Brisbane');
    const inTwoDays = formatLocalDate(addDays(parseLocalDate(formatLocalDate(today))!, 2));
    const panel = page.getByRole('region', { name: 'Schedule' });
    await panel.getByLabel('Date').fill(inTwoDays);
    await panel.getByLabel('Time').fill('10:00');
    await panel.getByRole('button', { name: /^Schedule for .*10:00 am$/ }).click();
    await page.getByText(/^Scheduled/).first().waitFor();

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Calendar' }).click();
    if (inTwoDays.slice(0, 7) !== formatLocalDate(today).slice(0, 7)) await page.getByRole('button', { name: 'Next month' }).click();
    const chip = page.locator(`td[data-date="${inTwoDays}"]`).getByRole('button', { name: /^10:00 am: Shop front.*\(X\)$/ });
    await chip.waitFor();
    await expect.poll(() => chip.locator('.media-cover img').count()).toBe(1);
    expect(await chip.locator('.media-cover img').getAttribute('src')).toMatch(/^data:image\/jpeg;base64,/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'calendar-with-thumbnail.png'), fullPage: true });
    expect(await axeViolations(page, session.host!.url)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  },
  120_000,
);
