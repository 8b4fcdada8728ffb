import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { appSession, SCREENSHOTS } from './support/app-session';
import { newContext, openApp, waitForSaved } from './support/browser';
import { axeViolations } from './support/axe';

// An owner adds a short video in Compose: the page draws a frame of it (Chromium decodes H.264),
// the core keeps it as the video's poster, and the tile in Compose and the row in the drafts list
// show that frame with the video's length over it, instead of the plain video tile.

const session = appSession({ dataPrefix: 'agencyiq-e2e-poster-', startHost: true });
const { problems } = session;

/** A real 2 s MP4 (H.264) of orange frames, recorded by Chromium itself: no video tool needed. */
async function recordMovie(page: Page): Promise<Buffer> {
  const base64 = await page.evaluate(async () => {
    const canvas = document.createElement('canvas');
    canvas.width = 320;
    canvas.height = 180;
    const context = canvas.getContext('2d')!;
    const recorder = new MediaRecorder(canvas.captureStream(25), { mimeType: 'video/mp4;codecs=avc1' });
    const chunks: Blob[] = [];
    recorder.ondataavailable = (event) => chunks.push(event.data);
    recorder.start();
    for (let i = 0; i < 50; i++) {
      context.fillStyle = '#e67e22';
      context.fillRect(0, 0, 320, 180);
      context.fillStyle = '#1e3a5f';
      context.fillRect(i * 6, 60, 60, 60);
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
    const stopped = new Promise((resolve) => (recorder.onstop = resolve));
    recorder.stop();
    await stopped;
    const bytes = new Uint8Array(await new Blob(chunks).arrayBuffer());
    let binary = '';
    for (const byte of bytes) binary += String.fromCharCode(byte);
    return btoa(binary);
  });
  return Buffer.from(base64, 'base64');
}

test(
  "a video's tile shows a frame of it, with its length, in Compose and in the drafts list",
  async () => {
    const context = await newContext(session.browser);
    const page = await openApp(context, session.host!.url, problems, '#/compose');
    await page.getByLabel('Your post').fill('The team icing today’s cakes');
    await page.getByRole('group', { name: 'Post to' }).getByRole('checkbox', { name: 'YouTube', exact: true }).check();
    await waitForSaved(page);
    // Each problem said once, where the owner acts on it: the missing video under the attachments
    // (not again on YouTube's card), the missing title on YouTube's card (not under the attachments).
    await page.getByText('Not ready yet: see').waitFor();
    const postReasons = page.getByRole('list', { name: 'Before these networks can take this post' });
    expect(await postReasons.textContent()).toBe('YouTube needs a video.');
    expect(await page.getByText('YouTube needs a video.').count()).toBe(1);
    const youtubeCard = page.getByRole('region', { name: 'YouTube', exact: true });
    expect(await youtubeCard.getByRole('list', { name: 'Before YouTube can be scheduled' }).textContent()).toBe(
      'The YouTube video has no title. Give it a title (up to 100 characters), or remove YouTube.',
    );
    expect(await page.getByText('YouTube needs a title.').count()).toBe(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'compose-youtube-needs-video.png'), fullPage: true });
    const file = path.join(session.dataDir, 'team.mp4');
    fs.writeFileSync(file, await recordMovie(page));
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Add pictures or video…' }).click();
    await (await chooser).setFiles([file]);
    const tile = page.getByRole('listitem', { name: 'Video 1' });
    await tile.waitFor();
    // The poster replaces the plain tile once the core has kept it.
    await expect.poll(() => tile.textContent(), { timeout: 20_000 }).not.toContain('no preview frame');
    const src = await tile.locator('.attachment-thumb img').getAttribute('src');
    expect(src).toMatch(/^data:image\/jpeg;base64,/);
    // The frame's own colours (orange), not the grey placeholder tile.
    const centre = await tile.locator('.attachment-thumb img').evaluate(async (img: HTMLImageElement) => {
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      const context = canvas.getContext('2d')!;
      context.drawImage(img, 0, 0);
      return [...context.getImageData(4, 4, 1, 1).data.slice(0, 3)];
    });
    expect(centre[0]).toBeGreaterThan(180);
    expect(centre[2]).toBeLessThan(120);
    expect(await tile.locator('.attachment-badge').textContent()).toMatch(/^Video \d+:\d{2}$/);
    await expect.poll(() => postReasons.count()).toBe(0);

    // YouTube's preview: the frame with one play mark, on the badge with the length.
    await youtubeCard.getByLabel('Video title').fill('Icing the cakes');
    const preview = page.getByRole('complementary', { name: 'Preview' }).getByRole('article', { name: 'How YouTube shows it' });
    await expect.poll(() => preview.locator('img').getAttribute('src')).toBe(src);
    expect(await preview.locator('.preview-video-badge').textContent()).toMatch(/^▶ \d+:\d{2}$/);
    expect((await preview.textContent())!.split('▶')).toHaveLength(2);
    await page.getByRole('complementary', { name: 'Preview' }).screenshot({ path: path.join(SCREENSHOTS, 'compose-preview-youtube-frame.png') });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'compose-video-poster.png'), fullPage: true });
    expect(await axeViolations(page, session.host!.url)).toEqual([]);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Drafts' }).click();
    const row = page.locator('.draft-row', { hasText: 'The team icing' });
    await expect.poll(() => row.locator('.media-cover img').getAttribute('src')).toBe(src);
    expect(await row.locator('.media-cover-badge').textContent()).toMatch(/^▶ \d+:\d{2}$/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'drafts-video-poster.png'), fullPage: true });
    expect(problems).toEqual([]);
    await context.close();
  },
  120_000,
);
