import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { appSession, SCREENSHOTS } from './support/app-session';
import { newContext, openDraftInCompose } from './support/browser';
import { pdf } from '../support/media-fixtures';

// An owner attaches a PDF (a LinkedIn "carousel") in Compose: it shows as a document icon marked
// PDF, not a picture; LinkedIn takes it, and X says in plain words that it takes no documents.

const session = appSession({ dataPrefix: 'agencyiq-e2e-pdf-' });
const { problems } = session;

test(
  'attaching a PDF in Compose: a document tile marked PDF, no reason for LinkedIn, X takes no documents',
  async () => {
    const host = await session.startHost();
    const context = await newContext(session.browser);
    const page = await openDraftInCompose(context, host.url, problems, {
      body: 'Our spring menu, page by page.',
      targets: [
        { platform: 'linkedin', text: null, title: null },
        { platform: 'x', text: null, title: null },
      ],
    });
    await expect.poll(() => page.getByLabel('Your post').inputValue()).toBe('Our spring menu, page by page.');

    const menu = path.join(session.dataDir, 'spring-menu.pdf');
    fs.writeFileSync(menu, pdf(3, 'spring menu'));
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Add pictures or video…' }).click();
    await (await chooser).setFiles([menu]);

    const tile = page.getByRole('listitem', { name: 'PDF document 1' });
    await tile.waitFor();
    expect(await tile.locator('[data-document-icon]').textContent()).toBe('PDF');
    expect(await tile.locator('img').count()).toBe(0);
    await expect.poll(() => tile.textContent()).toContain('PDF · ');
    expect(await tile.getByLabel(/Alt text/).count()).toBe(0);
    const reasons = page.getByRole('list', { name: 'Before these networks can take this post' });
    await expect.poll(() => reasons.textContent()).toContain('X takes no documents (PDF); remove the PDF to post there.');
    expect(await reasons.textContent()).not.toContain('LinkedIn');
    // Said once, here where the PDF can be removed: not again on X's card once the scheduling check has answered.
    await page.getByText('Not ready yet: see').waitFor();
    expect(await page.getByText('X takes no documents (PDF)').count()).toBe(1);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'compose-pdf-document.png'), fullPage: true });
    expect(problems).toEqual([]);
  },
  120_000,
);
