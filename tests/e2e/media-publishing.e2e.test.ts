import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { xWeightedLength } from '@shared/platforms/x-weighted-length';
import { FakeFacebookGraph } from '../fakes/platforms/fake-facebook-graph';
import { FakeInstagramGraph } from '../fakes/platforms/fake-instagram-graph';
import { FakeYouTubeUpload } from '../fakes/platforms/fake-youtube-upload';
import { startLicenceServer, type LicenceServerHarness } from '../support/licence-server-harness';
import { sizedMovie } from '../support/media-fixtures';
import { approveInBrowser, startOAuthFakes, type OAuthFakes } from '../support/oauth-harness';
import { startWebHost, type WebHostProcess } from '../support/web-host-process';
import { launchChromium, newContext, openApp, waitForSaved } from './support/browser';

// Pictures and video end to end, on the real clock: Chromium drives the browser host; the plan
// and Instagram's picture staging come from the real licence server; Facebook and Instagram
// (through its relay) and YouTube (loopback) are connected in the browser against the local
// sign-in servers; posts go to the strict fakes — Instagram's really fetches the staged JPEG,
// YouTube's answers each 8 MiB chunk slowly so the upload's progress bar can be watched moving.

const SCREENSHOTS = fileURLToPath(new URL('../../test-artifacts/screenshots/', import.meta.url));
/** How long the YouTube fake holds each chunk's answer: long enough to read the bar between chunks. */
const CHUNK_DELAY_MS = 2_000;
/** Meta's Page tokens come from `/me/accounts` as `page-token-<page>-<user token>` in the identity fake. */
const PAGE_TOKEN = /^page-token-\d+-(.+)$/;

let browser: Browser;
let context: BrowserContext;
let fakes: OAuthFakes;
let licence: LicenceServerHarness;
let facebook: FakeFacebookGraph;
let instagram: FakeInstagramGraph;
let youtube: FakeYouTubeUpload;
let host: WebHostProcess;
const problems: string[] = [];
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'agencyiq-e2e-media-publishing-'));

beforeAll(async () => {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  browser = await launchChromium();
  fakes = await startOAuthFakes();
  licence = await startLicenceServer({ oauthRelay: fakes.relayConfig, clock: { now: () => Date.now(), advance: () => undefined } });
  // Both connections post with a Page token; each wraps the user token its own sign-in issued.
  const userToken = (token: string) => PAGE_TOKEN.exec(token)?.[1] ?? token;
  facebook = await new FakeFacebookGraph({ isValidToken: (token) => fakes.servers.facebook.isIssuedAccessToken(userToken(token)) }).start();
  instagram = await new FakeInstagramGraph({ isValidToken: (token) => fakes.servers.instagram.isIssuedAccessToken(userToken(token)), processingMs: 300 }).start();
  youtube = await new FakeYouTubeUpload({ isValidToken: (token) => fakes.servers.youtube.isIssuedAccessToken(token), chunkDelayMs: CHUNK_DELAY_MS }).start();
  host = await startWebHost({
    dataDir,
    env: {
      ...fakes.env,
      AGENCYIQ_LICENCE_SERVER_URL: licence.url,
      AGENCYIQ_LICENCE_PUBLIC_KEY: licence.leasePublicKey,
      AGENCYIQ_PUBLISH_FACEBOOK_URL: facebook.graphUrl,
      AGENCYIQ_PUBLISH_INSTAGRAM_URL: instagram.graphUrl,
      AGENCYIQ_PUBLISH_INSTAGRAM_UPLOAD_URL: instagram.url,
      AGENCYIQ_PUBLISH_YOUTUBE_URL: youtube.url,
    },
  });
  context = await newContext(browser);
}, 60_000);

afterAll(async () => {
  await context?.close();
  await host?.kill();
  await browser?.close();
  await youtube?.stop();
  await instagram?.stop();
  await facebook?.stop();
  await licence?.close();
  await fakes?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function go(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();
}

function card(page: Page, label: string) {
  return page.getByRole('region', { name: label, exact: true });
}

/** Connect on the Connections page; the test plays the owner's browser and the OS's link hand-over. */
async function connect(page: Page, label: string, back: (redirect: string) => Promise<void>, connectedAs: string): Promise<void> {
  const opened = host.openedUrls().length;
  await card(page, label).getByRole('button', { name: `Connect ${label}` }).click();
  const authorizeUrl = await host.waitForOpenedUrl((url) => url.includes('/authorize'), { after: opened });
  await back(await approveInBrowser(authorizeUrl));
  await expect.poll(() => card(page, label).getByRole('status').innerText(), { timeout: 15_000 }).toContain(connectedAs);
}

/** Meta's sign-ins end at the licence server's relay, which sends the browser on to an agencyiq:// link. */
async function throughRelay(atRelay: string): Promise<void> {
  expect(atRelay.startsWith(licence.url)).toBe(true);
  const relayed = await fetch(atRelay, { redirect: 'manual' });
  expect(relayed.status).toBe(302);
  host.deliverDeepLink(relayed.headers.get('location')!);
}

/** Google's desktop sign-in ends at the app's own one-shot listener on 127.0.0.1. */
async function throughLoopback(callback: string): Promise<void> {
  expect(new URL(callback).hostname).toBe('127.0.0.1');
  expect((await fetch(callback)).status).toBe(200);
}

// The tests below publish from this owner's computer, in order.
test('an owner on Growth (seated by the licence server, picked up with "Check now") connects Facebook, Instagram and YouTube', async () => {
  const page = await openApp(context, host.url, problems, '#/plan');
  await expect.poll(async () => (await licence.db.db.selectFrom('devices').select('id').execute()).length, { timeout: 15_000 }).toBeGreaterThan(0);
  expect(await licence.grantPlanToUnlicensedDevices('growth')).toBe(1);
  await page.getByRole('button', { name: 'Check now' }).click();
  await expect.poll(() => page.locator('#plan-headline').textContent(), { timeout: 15_000 }).toMatch(/^Growth — 27 of 27 posts left this cycle/);

  await go(page, 'Connections');
  await connect(page, 'Facebook', throughRelay, 'Paddington Sourdough');
  await connect(page, 'Instagram', throughRelay, '@paddosourdough');
  await connect(page, 'YouTube', throughLoopback, 'Paddington Sourdough TV');
  expect(problems).toEqual([]);
  await page.close();
}, 60_000);

/** Picks `file` with the composer's "Add pictures or video…" button (the browser's file chooser). */
async function attach(page: Page, file: string): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Add pictures or video…' }).click();
  await (await chooser).setFiles([file]);
}

async function publishNow(page: Page): Promise<void> {
  await page.getByRole('region', { name: 'Schedule' }).getByRole('button', { name: 'Publish now' }).click();
  await page.getByRole('alertdialog', { name: 'Publish this post now?' }).getByRole('button', { name: 'Yes, publish now' }).click();
  await expect.poll(() => page.title()).toBe('Publishing – AgencyIQ');
}

/** A real 1080×864 JPEG (5:4, inside Instagram's 4:5–1.91:1): a cake on a counter, drawn by sharp. */
function cakePhoto(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1080" height="864">
    <rect width="1080" height="864" fill="#f3e5d0"/>
    <rect y="600" width="1080" height="264" fill="#8d6e63"/>
    <ellipse cx="540" cy="600" rx="330" ry="60" fill="#fafafa"/>
    <rect x="290" y="330" width="500" height="260" rx="24" fill="#6d3b2a"/>
    <rect x="290" y="330" width="500" height="70" rx="24" fill="#f8bbd0"/>
    <circle cx="540" cy="300" r="34" fill="#c62828"/>
  </svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 88 }).toBuffer();
}

const CAPTION =
  'Fresh raspberry layer cake on the counter this morning!\n' +
  'Three layers of sponge, raspberry jam and pink buttercream, made by Mia before sunrise. Whole cakes and slices until sold out. ' +
  'Order ahead on 07 3367 1234.';

test(
  'a photo to Instagram and Facebook: composer with the photo, a preview per network, published once on each with its link',
  async () => {
    const page = await openApp(context, host.url, problems, '#/compose');
    await page.getByLabel('Your post').fill(CAPTION);
    const postTo = page.getByRole('group', { name: 'Post to' });
    await postTo.getByRole('checkbox', { name: 'Instagram', exact: true }).check();
    await postTo.getByRole('checkbox', { name: 'Facebook', exact: true }).check();
    await waitForSaved(page);

    const photoBytes = await cakePhoto();
    const photo = path.join(dataDir, 'IMG_2041.jpg');
    fs.writeFileSync(photo, photoBytes);
    await attach(page, photo);
    const tile = page.getByRole('listitem', { name: 'Picture 1' });
    await expect.poll(() => tile.textContent()).toContain('JPEG · 1080×864');
    await tile.getByLabel(/Alt text/).fill('A pink raspberry layer cake on the bakery counter');
    await tile.getByLabel(/Alt text/).blur();
    await expect.poll(() => tile.getByRole('list').count()).toBe(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'media-compose-photo.png'), fullPage: true });

    // The preview, one network at a time.
    const preview = page.getByRole('complementary', { name: 'Preview' });
    const panel = preview.getByRole('tabpanel');
    await preview.getByRole('tab', { name: 'Instagram' }).click();
    const instagramCard = panel.getByRole('article', { name: 'How Instagram shows it' });
    await instagramCard.waitFor();
    // Instagram: the photo first, at its own 5:4 (inside 4:5–1.91:1, so not cropped); the caption
    // after the account name in bold, on its line; cut at two lines with "… more".
    expect(await instagramCard.locator('figure').getAttribute('data-cropped')).toBe('false');
    expect(await instagramCard.locator('figure').evaluate((el) => getComputedStyle(el).aspectRatio)).toBe('1.25 / 1');
    expect(await instagramCard.locator('.preview-text strong').textContent()).toBe('@paddosourdough');
    expect(await instagramCard.locator('.preview-text').textContent()).toMatch(/^@paddosourdough Fresh raspberry layer cake on the counter this morning!/);
    expect(await instagramCard.locator('.preview-more').textContent()).toBe('… more');
    expect(await instagramCard.getByRole('img').getAttribute('alt')).toBe('A pink raspberry layer cake on the bakery counter');
    await preview.screenshot({ path: path.join(SCREENSHOTS, 'media-preview-instagram.png') });

    // Facebook: the whole text (well under its fold), then the photo.
    await preview.getByRole('tab', { name: 'Facebook' }).click();
    const facebookCard = panel.getByRole('article', { name: 'How Facebook shows it' });
    await facebookCard.waitFor();
    expect(await facebookCard.locator('.preview-text').textContent()).toBe(CAPTION);
    expect(await facebookCard.getByText('See more').count()).toBe(0);
    expect(await facebookCard.getByRole('img').count()).toBe(1);
    await preview.screenshot({ path: path.join(SCREENSHOTS, 'media-preview-facebook.png') });

    // X, ticked for a look (not connected, so not published there): its weighted count, the photo under the text.
    await postTo.getByRole('checkbox', { name: 'X', exact: true }).check();
    await preview.getByRole('tab', { name: 'X' }).click();
    const xCard = panel.getByRole('article', { name: 'How X shows it' });
    await xCard.waitFor();
    expect(await xCard.locator('.preview-weighted').textContent()).toBe(`${xWeightedLength(CAPTION)} of 280 as X counts`);
    expect(await xCard.getByRole('img').count()).toBe(1);
    await preview.screenshot({ path: path.join(SCREENSHOTS, 'media-preview-x.png') });
    await postTo.getByRole('checkbox', { name: 'X', exact: true }).uncheck();
    await expect.poll(() => preview.getByRole('tab', { name: 'X' }).count()).toBe(0);
    await waitForSaved(page);

    // Publish now: both networks, each once, with its link.
    await publishNow(page);
    const row = page.getByRole('region', { name: 'Recent' }).getByRole('listitem').filter({ hasText: 'Fresh raspberry layer cake' });
    const onInstagram = row.getByRole('link', { name: 'View on Instagram' });
    const onFacebook = row.getByRole('link', { name: 'View on Facebook' });
    await onInstagram.waitFor({ timeout: 60_000 });
    await onFacebook.waitFor({ timeout: 60_000 });
    // Only the two chosen networks (X was ticked for its preview, then unticked).
    expect(await row.getByRole('list', { name: 'Platforms' }).getByRole('listitem').count()).toBe(2);

    expect(instagram.posts).toHaveLength(1);
    const igPost = instagram.posts[0]!;
    expect(await onInstagram.getAttribute('href')).toBe(igPost.permalink);
    expect(igPost).toMatchObject({ kind: 'IMAGE', caption: CAPTION });
    // Meta's crawler fetched the picture from the licence server's public staging URL, once, and
    // the app then released it (the storage is empty again).
    expect(instagram.fetches).toEqual([{ url: expect.stringMatching(new RegExp(`^${licence.url}/media/[A-Za-z0-9_-]+\\.jpg$`)), outcome: 200 }]);
    expect(igPost.fetchedImages[0]!.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))).toBe(true);
    expect(instagram.publishedBeforeFinished).toBe(0);
    expect(instagram.requests.filter((r) => r.path.endsWith('/media_publish'))).toHaveLength(1);
    await expect.poll(() => licence.mediaStorage.list()).toEqual([]);

    expect(facebook.posts).toHaveLength(1);
    const fbPost = facebook.posts[0]!;
    expect(await onFacebook.getAttribute('href')).toBe(`https://www.facebook.com/${fbPost.id}`);
    expect(fbPost).toMatchObject({ pageId: '102938475610', message: CAPTION });
    expect(fbPost.photos).toHaveLength(1);
    expect(facebook.photos.get(fbPost.photos[0]!)).toMatchObject({ published: true, altText: 'A pink raspberry layer cake on the bakery counter' });
    expect(facebook.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    await expect.poll(() => page.locator('#quota-line').textContent()).toMatch(/^Growth — 26 of 27 posts left this cycle/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'media-published-photo.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  },
  120_000,
);

test(
  'a video to YouTube: its title and preview, a progress bar that moves while the chunks go up, then the watch link',
  async () => {
    const page = await openApp(context, host.url, problems, '#/compose');
    const description = 'How we bake 200 loaves before 7 am: a minute in the bakery with Mia and the morning crew. Filmed on a Tuesday, no retakes.';
    await page.getByLabel('Your post').fill(description);
    await page.getByRole('group', { name: 'Post to' }).getByRole('checkbox', { name: 'YouTube', exact: true }).check();
    await page.getByLabel('Video title').fill('Before sunrise at Paddington Sourdough');
    await waitForSaved(page);

    // A real MP4 of about 20 MB: three of the adapter's 8 MiB chunks.
    const videoBytes = sizedMovie(20_000_000);
    const video = path.join(dataDir, 'morning-bake.mp4');
    fs.writeFileSync(video, videoBytes);
    await attach(page, video);
    const tile = page.getByRole('listitem', { name: 'Video 1' });
    await expect.poll(() => tile.textContent(), { timeout: 30_000 }).toContain('0:05');
    await expect.poll(() => tile.getByRole('list').count()).toBe(0);

    const preview = page.getByRole('complementary', { name: 'Preview' });
    const youtubeCard = preview.getByRole('tabpanel').getByRole('article', { name: 'How YouTube shows it' });
    await youtubeCard.waitFor();
    // YouTube: the video first with its length, the title, the description cut with "… more". This
    // video has no frame Chromium can draw: the plain tile carries the one play mark, the badge the length.
    expect(await youtubeCard.locator('.preview-title').textContent()).toBe('Before sunrise at Paddington Sourdough');
    expect(await youtubeCard.locator('.preview-video-badge').textContent()).toBe('0:05');
    expect(await youtubeCard.locator('.preview-more').textContent()).toBe('… more');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'media-compose-video.png'), fullPage: true });
    await preview.screenshot({ path: path.join(SCREENSHOTS, 'media-preview-youtube.png') });

    // Every value the bar takes, sampled in the page (the renderer gets at most one event per
    // whole percent; the fake holds each chunk's answer CHUNK_DELAY_MS, so each value stays a while).
    await page.evaluate(() => {
      const seen: number[] = [];
      (window as unknown as { uploadBar: number[] }).uploadBar = seen;
      setInterval(() => {
        const bar = document.querySelector<HTMLProgressElement>('progress[aria-label="Uploading to YouTube"]');
        if (bar !== null && bar.value !== seen.at(-1)) seen.push(bar.value);
      }, 10);
    });
    const barValues = () => page.evaluate(() => (window as unknown as { uploadBar: number[] }).uploadBar);
    const midUpload = (values: number[]) => values.filter((value) => value > 0 && value < videoBytes.length);

    await publishNow(page);
    const inProgress = page.getByRole('region', { name: 'In progress' }).getByRole('listitem').filter({ hasText: 'How we bake 200 loaves' });
    const bar = inProgress.getByRole('progressbar', { name: 'Uploading to YouTube' });
    await expect.poll(async () => midUpload(await barValues()).length, { timeout: 30_000, interval: 20 }).toBeGreaterThan(0);
    expect(await bar.getAttribute('aria-valuetext')).toMatch(/^\d+(\.\d)? MB of 20(\.0)? MB$/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'media-publishing-progress.png'), fullPage: true });

    const link = page.getByRole('region', { name: 'Recent' }).getByRole('listitem').filter({ hasText: 'How we bake 200 loaves' }).getByRole('link', { name: 'View on YouTube' });
    await link.waitFor({ timeout: 60_000 });
    // The bar moved: at least two values short of the whole file, rising, before the published state.
    const values = midUpload(await barValues());
    expect(new Set(values).size).toBeGreaterThanOrEqual(2);
    expect(values).toEqual([...values].sort((a, b) => a - b));

    expect(youtube.videos).toHaveLength(1);
    const made = youtube.videos[0]!;
    expect(await link.getAttribute('href')).toBe(`https://www.youtube.com/watch?v=${made.id}`);
    expect(made).toMatchObject({ title: 'Before sunrise at Paddington Sourdough', description, privacyStatus: 'private', bytes: videoBytes.length, mimeType: 'video/mp4' });
    expect(made.sha256).toBe(createHash('sha256').update(videoBytes).digest('hex'));
    expect(youtube.uploadRequests().filter((r) => r.kind === 'create')).toHaveLength(1);
    expect(youtube.uploadRequests().filter((r) => r.kind === 'chunk').map((r) => r.status)).toEqual([308, 308, 201]);
    expect(youtube.violations).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'media-published-video.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  },
  120_000,
);
