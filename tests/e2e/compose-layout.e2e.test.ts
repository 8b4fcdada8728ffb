import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { appSession, SCREENSHOTS } from './support/app-session';
import { newContext, openApp, openDraftInCompose } from './support/browser';
import { axeViolations } from './support/axe';
import { png } from '../support/media-fixtures';

// Compose on a wide window: the post on the left, how each network shows it on the right, so
// the owner sees the preview change as they type without scrolling. On a narrow window the
// preview stacks under the attachments.

// Both tests use one run of the host.
const session = appSession({ dataPrefix: 'agencyiq-e2e-layout-', startHost: true });
const { problems } = session;

const box = async (page: Page, selector: string) => (await page.locator(selector).first().boundingBox())!;

test(
  'the preview sits beside the post on a wide window and under the attachments on a narrow one',
  async () => {
    const context = await newContext(session.browser);
    const page = await openDraftInCompose(context, session.host!.url, problems, {
      body: 'New sourdough loaves out of the oven at 7. Come early: https://bakery.example/bread',
      targets: [
        { platform: 'facebook', text: null, title: null },
        { platform: 'instagram', text: null, title: null },
      ],
    });
    await page.setViewportSize({ width: 1280, height: 800 });
    const photo = path.join(session.dataDir, 'loaves.png');
    // Taller than Instagram's 4:5: its one problem there, said once, on the picture.
    fs.writeFileSync(photo, await png(800, 1200));
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Add pictures or video…' }).click();
    await (await chooser).setFiles([photo]);
    await page.getByRole('listitem', { name: 'Picture 1' }).waitFor();
    // The core's check has caught up with the picture once "needs at least 1 picture" is gone.
    await expect.poll(() => page.getByText('Instagram needs at least 1 picture or video.').count()).toBe(0);
    const tooTall = page.getByText(/^Instagram takes pictures from 4:5/);
    expect(await tooTall.count()).toBe(1);
    expect(await page.getByRole('listitem', { name: 'Picture 1' }).getByText(/^Instagram takes pictures from 4:5/).count()).toBe(1);
    const preview = page.getByRole('complementary', { name: 'Preview' });
    await expect.poll(() => preview.getByRole('tabpanel').locator('img').count()).toBe(1);

    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path.join(SCREENSHOTS, 'compose-layout-1280x800.png') });
    const editor = await box(page, '#compose-body');
    const aside = await box(page, '.post-preview');
    // Beside: the preview starts right of the editor and level with it.
    expect(aside.x).toBeGreaterThanOrEqual(editor.x + editor.width);
    expect(aside.y).toBeLessThan(editor.y + editor.height);

    // One click switches network; the preview follows typing.
    await preview.getByRole('tab', { name: 'Instagram' }).click();
    await expect.poll(() => preview.getByRole('tab', { name: 'Instagram' }).getAttribute('aria-selected')).toBe('true');
    await page.getByLabel('Your post').press('Control+End');
    await page.getByLabel('Your post').pressSequentially(' Rye too.');
    await expect.poll(() => preview.getByRole('tabpanel').textContent()).toContain('Rye too.');
    expect(await axeViolations(page, session.host!.url)).toEqual([]);

    await page.setViewportSize({ width: 760, height: 900 });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'compose-layout-760-narrow.png'), fullPage: true });
    const narrowEditor = await box(page, '#compose-body');
    const narrowAside = await box(page, '.post-preview');
    const attachments = await box(page, '.attachments');
    const schedule = await box(page, '.schedule-panel');
    // Stacked: under the attachments, above the Schedule panel, as wide as the post.
    expect(narrowAside.y).toBeGreaterThanOrEqual(attachments.y + attachments.height);
    expect(narrowAside.y + narrowAside.height).toBeLessThanOrEqual(schedule.y);
    expect(narrowAside.x).toBeLessThan(narrowEditor.x + narrowEditor.width / 2);
    expect(problems).toEqual([]);
    await context.close();
  },
  120_000,
);

test(
  "YouTube's card: who can watch the video and whether subscribers are told, saved with the post",
  async () => {
    const context = await newContext(session.browser);
    const page = await openApp(context, session.host!.url, problems, '#/compose');
    await page.getByLabel('Your post').fill('How we shape a loaf, start to finish.');
    await page.getByRole('group', { name: 'Post to' }).getByRole('checkbox', { name: 'YouTube', exact: true }).check();
    const card = page.getByRole('region', { name: 'YouTube' });
    const privacy = card.getByRole('group', { name: 'Who can watch it' });
    // Unchosen: private, nobody told.
    expect(await privacy.getByRole('radio', { name: /^Private/ }).isChecked()).toBe(true);
    expect(await card.getByRole('checkbox', { name: 'Notify subscribers' }).isChecked()).toBe(false);
    await card.getByLabel('Video title').fill('Shaping a loaf');
    await privacy.getByRole('radio', { name: /^Unlisted/ }).check();
    await card.getByRole('checkbox', { name: 'Notify subscribers' }).check();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'compose-youtube-settings.png'), fullPage: true });
    expect(await axeViolations(page, session.host!.url)).toEqual([]);

    // Saved with the post: reopening the draft shows the same choices.
    const draftId = new URL(page.url()).hash.split('/').at(-1)!;
    await expect
      .poll(() =>
        page.evaluate(
          (id) =>
            (window as unknown as { agencyiq: { invoke: (channel: string, request: unknown) => Promise<{ ok: boolean; value?: { targets: { youtube?: unknown }[] } }> } }).agencyiq
              .invoke('drafts.get', { id })
              .then((answer) => answer.value?.targets[0]?.youtube),
          draftId,
        ),
      )
      .toEqual({ privacy: 'unlisted', notifySubscribers: true });
    await page.reload();
    const reopened = page.getByRole('region', { name: 'YouTube' });
    await reopened.getByRole('group', { name: 'Who can watch it' }).waitFor();
    expect(await reopened.getByRole('radio', { name: /^Unlisted/ }).isChecked()).toBe(true);
    expect(await reopened.getByRole('checkbox', { name: 'Notify subscribers' }).isChecked()).toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  },
  120_000,
);
