import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { appSession, SCREENSHOTS } from './support/app-session';
import { newContext, openDraftInCompose } from './support/browser';
import { png, sidewaysJpeg } from '../support/media-fixtures';

// An owner adds a photo to a post in Compose (the browser host: bytes go over the WebSocket in
// chunks), writes its alt text, sees Instagram's reason on a picture that is too tall, removes
// it and undoes that.

const session = appSession({ dataPrefix: 'agencyiq-e2e-media-' });
const { problems } = session;

test(
  'attaching a photo in Compose: thumbnail, alt text, a reason per network, remove and Undo',
  async () => {
    const host = await session.startHost();
    const context = await newContext(session.browser);
    // The Instagram draft is made through the contract (the test is about attachments, not Post to).
    const page = await openDraftInCompose(context, host.url, problems, {
      body: 'Fresh lamingtons on the counter this morning.',
      targets: [{ platform: 'instagram', text: null, title: null }],
    });
    await expect.poll(() => page.getByLabel('Your post').inputValue()).toBe('Fresh lamingtons on the counter this morning.');

    // A sideways phone photo (shown 400×600, taller than Instagram's 4:5) and a wide shop front.
    const photo = path.join(session.dataDir, 'IMG_0001.jpg');
    fs.writeFileSync(photo, await sidewaysJpeg());
    const shopFront = path.join(session.dataDir, 'shop.png');
    fs.writeFileSync(shopFront, await png(1200, 900));
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Add pictures or video…' }).click();
    await (await chooser).setFiles([photo, shopFront]);

    const first = page.getByRole('listitem', { name: 'Picture 1' });
    const second = page.getByRole('listitem', { name: 'Picture 2' });
    await second.waitFor();
    expect(await first.locator('img').getAttribute('src')).toMatch(/^data:image\/jpeg;base64,/);
    await expect.poll(() => first.textContent()).toContain('JPEG · 400×600');
    // The thumbnail is upright (portrait) like the photo as the phone showed it.
    await expect.poll(() => first.locator('img').evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight])).toEqual([213, 320]);
    expect(await first.getByRole('list', { name: 'Problems with picture 1' }).textContent()).toContain(
      'Instagram takes pictures from 4:5 (tall) to 1.91:1 (wide); this one is 400×600.',
    );
    expect(await second.getByRole('list').count()).toBe(0);

    await first.getByLabel(/Alt text/).fill('A tray of lamingtons on the bakery counter');
    await first.getByLabel(/Alt text/).blur();

    // Move the shop front first with the keyboard.
    await second.getByRole('button', { name: 'Move picture 2 earlier' }).focus();
    await page.keyboard.press('Alt+ArrowLeft');
    await expect.poll(() => page.getByRole('listitem', { name: 'Picture 1' }).textContent()).toContain('PNG · 1200×900');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'compose-attachments.png'), fullPage: true });

    // Remove the photo, then Undo: it comes back with its alt text.
    await page.getByRole('listitem', { name: 'Picture 2' }).getByRole('button', { name: 'Remove' }).click();
    await expect.poll(() => page.getByRole('listitem', { name: /Picture/ }).count()).toBe(1);
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => page.getByRole('listitem', { name: /Picture/ }).count()).toBe(2);
    expect(await page.getByRole('listitem', { name: 'Picture 2' }).getByLabel(/Alt text/).inputValue()).toBe(
      'A tray of lamingtons on the bakery counter',
    );

    // The file is in the data folder once, under its hash.
    const stored = fs.readdirSync(path.join(session.dataDir, 'media'), { recursive: true }) as string[];
    expect(stored.filter((name) => /^[0-9a-f]{2}[/\\][0-9a-f]{64}$/.test(name))).toHaveLength(2);
    expect(problems).toEqual([]);
  },
  120_000,
);
