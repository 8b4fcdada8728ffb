import path from 'node:path';
import { expect, test } from 'vitest';
import { appSession, SCREENSHOTS } from './support/app-session';
import { newContext, openApp } from './support/browser';

// The Plan page when the licence server cannot be reached and there is no plan: one message
// about it however many things failed for that one reason, and no promise that a plan keeps
// working offline when there is no plan.

const session = appSession({ dataPrefix: 'agencyiq-e2e-plan-offline-' });
const { problems } = session;

test('without the server and without a plan: one message, no "keeps working offline", plans without prices', async () => {
  // The default test configuration points the licence server at a closed port.
  const host = await session.startHost();
  const context = await newContext(session.browser);
  const page = await openApp(context, host.url, problems, '#/plan');
  const alerts = page.getByRole('alert');
  await expect.poll(() => alerts.count(), { timeout: 15_000 }).toBe(1);
  const message = await alerts.innerText();
  expect(message).toMatch(/could not reach its server/);

  // Choosing a plan fails for the same reason: still the one message.
  await page.getByRole('button', { name: 'Choose Growth' }).click();
  await expect.poll(() => page.getByRole('button', { name: 'Choose Growth' }).isEnabled()).toBe(true);
  expect(await alerts.count()).toBe(1);
  expect(await alerts.innerText()).toBe(message);
  await page.getByRole('button', { name: 'Check now' }).click();
  await expect.poll(() => page.getByRole('button', { name: 'Check now' }).isEnabled()).toBe(true);
  expect(await alerts.count()).toBe(1);
  expect(await alerts.innerText()).toBe(message);
  expect(await page.getByText(/working offline/).count()).toBe(0);
  // No price is invented when the server's list is out of reach.
  expect(await page.locator('.plan-price').count()).toBe(0);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'plan-offline.png'), fullPage: true });
  expect(problems).toEqual([]);
  await context.close();
}, 60_000);
