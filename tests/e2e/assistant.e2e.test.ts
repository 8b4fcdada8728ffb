import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { FakeOpenAiApi } from '../fakes/openai/fake-openai-api';
import { HOSTED_KEY } from '../support/assistant-harness';
import { png } from '../support/media-fixtures';
import { startWebHost, type WebHostProcess } from '../support/web-host-process';
import { axeViolations } from './support/axe';
import { launchChromium, newContext, openApp } from './support/browser';

// The owner sets the assistant up in Settings against the OpenAI fake, writes a post from a
// one-line prompt (streamed into the editor), stops one mid-way, undoes it, sees a failure leave
// their text alone, and rewrites for X and LinkedIn with the counts shown.

const SCREENSHOTS = fileURLToPath(new URL('../../test-artifacts/screenshots/', import.meta.url));
let browser: Browser;
let fake: FakeOpenAiApi;
let host: WebHostProcess;
let dataDir: string;
const problems: string[] = [];

beforeAll(async () => {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  browser = await launchChromium();
  fake = await new FakeOpenAiApi({ apiKey: HOSTED_KEY }).start();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'agencyiq-e2e-assistant-'));
  host = await startWebHost({ dataDir });
}, 60_000);

afterAll(async () => {
  await host?.kill();
  await fake?.stop();
  await browser?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('set up the assistant, write with streaming, Stop, Undo, a failure keeps the text, rewrite per network', async () => {
  const context = await newContext(browser);
  const page = await openApp(context, host.url, problems, '#/settings');

  // Settings → Assistant: a hosted provider with a key; Test connection lists the models.
  await page.getByRole('radio', { name: /Hosted service/ }).check();
  await page.getByLabel('Address (base URL)').fill(fake.baseUrl);
  await page.getByLabel('API key', { exact: true }).fill(HOSTED_KEY);
  await page.getByRole('button', { name: 'Save and test connection' }).click();
  await expect.poll(() => page.getByText('Connected: the endpoint answers and lists 2 models.').count()).toBe(1);
  expect(await page.getByLabel('Model').inputValue()).toBe('gpt-test');
  // The key field is write-only: empty again, and the page never holds the key.
  expect(await page.getByLabel('API key', { exact: true }).inputValue()).toBe('');
  expect(await page.content()).not.toContain(HOSTED_KEY);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect.poll(() => page.getByText('Saved.').count()).toBe(1);
  await page.getByLabel('Model').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SCREENSHOTS, 'settings-assistant.png'), fullPage: true });

  // Brand: the business is in Queensland, for its public and school holidays.
  await page.getByRole('link', { name: 'Brand' }).click();
  await page.getByLabel('Business name').fill('Crumb & Co');
  await page.getByLabel('Country').selectOption('AU');
  await page.getByLabel('State or region').selectOption('QLD');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect.poll(() => page.getByText(/^Saved /).count()).toBe(1);

  // Calendar: what is coming up in Queensland, each occasion one keypress from a draft.
  await page.getByRole('link', { name: 'Calendar' }).click();
  const local = page.getByRole('region', { name: 'Coming up where you are' });
  await expect.poll(() => local.getByText(/The next 30 days in Queensland, Australia/).count()).toBe(1);
  expect(await axeViolations(page, host.url)).toEqual([]);
  await local.screenshot({ path: path.join(SCREENSHOTS, 'calendar-local-dates.png') });
  const first = local.getByRole('button', { name: /^Draft a post for / }).first();
  const label = (await first.getAttribute('aria-label'))!;
  const [, occasion, day] = /^Draft a post for (.*), (\w+day \d+ \w+ \d{4})$/.exec(label)!;
  await first.focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => page.url()).toMatch(/#\/compose\/[0-9a-f-]{36}$/);
  await expect.poll(() => page.getByLabel('Your post').inputValue()).toBe(`${occasion} (${day}): `);

  // Compose: write from a prompt; the answer streams into the editor.
  await page.getByRole('link', { name: 'Compose' }).click();
  const body = page.getByLabel('Your post');
  await body.fill('My own first line.');
  const answer = 'Fresh sourdough from 7 am Saturday at Crumb & Co. Come early, it goes fast!';
  fake.script({ content: answer, chunkSize: 6, holdAfterChunks: 4 });
  await page.getByLabel('Ask the assistant').fill('friendlier, about Saturday sourdough');
  await page.getByRole('button', { name: 'Rewrite', exact: true }).click();
  await fake.waitUntilHeld();
  await expect.poll(() => body.inputValue()).toBe(answer.slice(0, 24));
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect.poll(() => page.getByText('Stopped: the text that had arrived is kept.').count()).toBe(1);
  expect(await body.inputValue()).toBe(answer.slice(0, 24));
  fake.release();
  await page.getByRole('button', { name: 'Undo' }).click();
  expect(await body.inputValue()).toBe('My own first line.');

  // A failure leaves the owner's text exactly as it was, with a plain sentence.
  fake.script({ status: 500 });
  await page.getByRole('button', { name: 'Rewrite', exact: true }).click();
  await expect.poll(() => page.getByText(/server had a problem \(500\)/).count()).toBe(1);
  expect(await body.inputValue()).toBe('My own first line.');

  // A whole answer, then a rewrite for X and LinkedIn with counts; the X one is over its limit.
  fake.script({ content: answer });
  await page.getByRole('button', { name: 'Rewrite', exact: true }).click();
  await expect.poll(() => page.getByText('Written.').count()).toBe(1);
  expect(await body.inputValue()).toBe(answer);
  // A one-click rewrite sends its own prompt with the text.
  fake.script({ content: 'Sourdough Saturday, 7 am. Be early!' });
  await page.getByRole('button', { name: 'Shorter' }).click();
  await expect.poll(() => body.inputValue()).toBe('Sourdough Saturday, 7 am. Be early!');
  const shorter = (fake.chatRequests().at(-1)!.body as { messages: Array<{ content: string }> }).messages[1]!.content;
  expect(shorter).toBe(`Make it shorter; keep the facts.\n\nThe post:\n${answer}`);
  await page.getByRole('button', { name: 'Undo' }).click();
  expect(await body.inputValue()).toBe(answer);
  await page.getByRole('checkbox', { name: 'X', exact: true }).check();
  await page.getByRole('checkbox', { name: 'LinkedIn', exact: true }).check();
  const longX = 'Sourdough '.repeat(30).trim();
  fake.script({ content: JSON.stringify({ variants: [{ platform: 'x', text: longX }, { platform: 'linkedin', text: 'Saturday sourdough, baked from 4 am.' }] }) });
  await page.getByRole('button', { name: 'Rewrite for each network' }).click();
  await expect.poll(() => page.getByText(`${longX.length} / 280 — ${longX.length - 280} over the limit`).count()).toBe(1);
  expect(await page.getByText('36 / 3,000').count()).toBe(1);
  await page.getByRole('button', { name: 'Use for LinkedIn', exact: true }).click();
  await page.screenshot({ path: path.join(SCREENSHOTS, 'compose-assistant-rewrite.png'), fullPage: true });

  // Alt text for an attached picture: suggested by the model (the picture sent as an image part),
  // put in the alt text field only when the owner uses it, where it can be edited.
  const shopFront = path.join(dataDir, 'shop.png');
  fs.writeFileSync(shopFront, await png(1200, 900));
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Add pictures or video…' }).click();
  await (await chooser).setFiles([shopFront]);
  const picture = page.getByRole('listitem', { name: 'Picture 1' });
  await picture.waitFor();
  fake.script({ content: 'The bakery shop front on a sunny morning.' });
  await picture.getByRole('button', { name: 'Suggest alt text for picture 1' }).click();
  await expect.poll(() => picture.getByText('Suggested: The bakery shop front on a sunny morning.').count()).toBe(1);
  const altSent = (fake.chatRequests().at(-1)!.body as { messages: Array<{ content: unknown }> }).messages[1]!.content as Array<{ type: string }>;
  expect(altSent.map((part) => part.type)).toEqual(['text', 'image_url']);
  expect(await picture.getByLabel(/Alt text/).inputValue()).toBe('');
  await picture.getByRole('button', { name: 'Use it' }).click();
  expect(await picture.getByLabel(/Alt text/).inputValue()).toBe('The bakery shop front on a sunny morning.');
  expect(await axeViolations(page, host.url)).toEqual([]);

  // Ideas for the next two weeks, one drafted: a new draft with each network's variant. Before
  // asking, the owner opens exactly what will be sent: the profile, its place and the local dates.
  await page.getByRole('link', { name: 'Ideas' }).click();
  const requestsBefore = fake.chatRequests().length;
  await page.getByText('What will be sent').click();
  await expect.poll(() => page.getByText(/Where: Queensland, Australia/).count()).toBe(1);
  expect(await page.getByText(`Sent to ${fake.baseUrl} (model gpt-test) only when you ask:`).count()).toBe(1);
  expect(fake.chatRequests().length).toBe(requestsBefore); // looking sends nothing
  expect(await axeViolations(page, host.url)).toEqual([]);
  const idea = { title: 'Saturday sourdough is back', whyNow: 'The school holidays start on Monday', platforms: ['instagram', 'x'], day: '2026-12-12' };
  fake.script({ content: JSON.stringify({ ideas: [idea, { ...idea, title: 'Christmas pre-orders open', day: '2026-12-14', platforms: ['facebook'] }] }) });
  await page.getByRole('button', { name: 'Ideas for the next two weeks' }).click();
  await expect.poll(() => page.getByText('Saturday 12 December 2026 · Instagram and X').count()).toBe(1);
  const previewed = await page.locator('.assistant-preview-message pre').first().innerText();
  expect((fake.chatRequests().at(-1)!.body as { messages: Array<{ content: string }> }).messages[0]!.content).toBe(previewed);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'assistant-ideas.png'), fullPage: true });
  fake.script({ content: JSON.stringify({ variants: [{ platform: 'instagram', text: 'Sourdough Saturday! #bakery' }, { platform: 'x', text: 'Sourdough is back Saturday.' }] }) });
  await page.getByRole('button', { name: 'Draft it' }).first().click();
  await expect.poll(() => page.url()).toMatch(/#\/compose\/[0-9a-f-]{36}$/);
  await expect.poll(() => page.getByLabel('Your post').inputValue()).toBe(`${idea.title}\n\n${idea.whyNow}`);
  expect(await page.getByLabel('Text for Instagram').inputValue()).toBe('Sourdough Saturday! #bakery');
  expect(await page.getByLabel('Text for X').inputValue()).toBe('Sourdough is back Saturday.');
  expect(problems).toEqual([]);
  await context.close();
}, 90_000);
