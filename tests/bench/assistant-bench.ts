import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium, newContext, openApp } from '../e2e/support/browser';
import { FakeOpenAiApi } from '../fakes/openai/fake-openai-api';
import { startWebHost } from '../support/web-host-process';
import { median, report } from './measure';

/** The pace the fake streams at: a quick hosted model. */
const FAKE_CHARS_PER_SECOND = 2_000;
const FIRST_TOKEN_RUNS = 7;
const SHORT_ANSWER = 'Fresh sourdough from 7 am Saturday at Crumb & Co. Come early, it goes fast! '.repeat(3).trim();
const LONG_ANSWER = 'Sourdough, croissants and sticky buns, baked from 4 am for the Saturday market. '.repeat(100).trim();

/**
 * `npm run bench -- assistant` (issue 16), in Chromium through the browser host's real IPC path
 * (WebSocket → dispatcher → core → openai SDK → the OpenAI fake, and `assistant.chunk` events
 * back), against the built app (`npm run build` first):
 * - `assistant.first_token_overhead_ms`: from the owner's click on Write to the first token in the
 *   editor on screen (the next animation frame that shows it), minus the fake's own time from the
 *   request's arrival to its first token; median of 7. Target ≤ 30.
 * - `assistant.stream_ratio`: characters per second rendered in the editor while an 8,000-character
 *   answer streams ÷ the fake's 2,000 characters per second. Target ≥ 0.95: the UI keeps up.
 */
export async function runAssistantBench(): Promise<void> {
  const entry = path.join(import.meta.dirname, '..', 'web-host', 'main.cjs');
  const fake = await new FakeOpenAiApi({ apiKey: null }).start();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'agencyiq-assistant-bench-'));
  const host = await startWebHost({ dataDir, entry });
  const browser = await launchChromium();
  try {
    const page = await openApp(await newContext(browser), host.url, [], '#/settings');
    await page.getByLabel('Address (base URL)').fill(fake.baseUrl);
    await page.getByRole('button', { name: 'Save and test connection' }).click();
    await page.getByText(/^Connected: the endpoint answers/).waitFor();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved.').waitFor();
    await page.getByRole('link', { name: 'Compose' }).click();
    await page.getByLabel('Ask the assistant').fill('A post about Saturday sourdough');

    const overheads: number[] = [];
    for (let run = 0; run < FIRST_TOKEN_RUNS + 1; run++) {
      fake.script({ content: SHORT_ANSWER, chunkSize: 8, charsPerSecond: FAKE_CHARS_PER_SECOND });
      const seen = await writeAndWatch(page, SHORT_ANSWER.length);
      const fakeTiming = fake.streamTimings().at(-1)!;
      // The first run warms the SDK's connection and the renderer's code paths; it is not counted.
      if (run > 0) overheads.push(seen.firstOnScreen - seen.clickedAt - (fakeTiming.firstContentAt - fakeTiming.receivedAt));
    }

    fake.script({ content: LONG_ANSWER, chunkSize: 8, charsPerSecond: FAKE_CHARS_PER_SECOND });
    const seen = await writeAndWatch(page, LONG_ANSWER.length);
    const renderedPerSecond = (LONG_ANSWER.length - seen.firstLength) / ((seen.lastOnScreen - seen.firstOnScreen) / 1000);
    const fakeTiming = fake.streamTimings().at(-1)!;
    const fakePerSecond = (fakeTiming.chars - 8) / ((fakeTiming.lastContentAt - fakeTiming.firstContentAt) / 1000);

    report('assistant.first_token_overhead_ms', median(overheads), 1);
    report('assistant.stream_ratio', renderedPerSecond / FAKE_CHARS_PER_SECOND);
    report('assistant.fake_chars_per_s', fakePerSecond, 0);
  } finally {
    await browser.close();
    await host.kill();
    await fake.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

interface Seen {
  clickedAt: number;
  firstOnScreen: number;
  firstLength: number;
  lastOnScreen: number;
}

/**
 * Clicks Write (the editor empty) and watches the editor once per animation frame until it holds
 * `length` characters; then Undo empties it again for the next run. Times are the page's own
 * performance.now(). The in-page code is a string: the bundler's helpers do not exist in the page.
 */
async function writeAndWatch(page: Page, length: number): Promise<Seen> {
  const seen = (await page.evaluate(`new Promise((resolve) => {
    const editor = document.querySelector('textarea#' + CSS.escape(${JSON.stringify(await editorId(page))}));
    const write = [...document.querySelectorAll('.assistant-prompt button[type=submit]')].find((b) => b.textContent.trim() === 'Write');
    const seen = { clickedAt: performance.now(), firstOnScreen: 0, firstLength: 0, lastOnScreen: 0 };
    write.click();
    const frame = () => {
      const now = performance.now();
      const value = editor.value;
      if (seen.firstOnScreen === 0 && value.length > 0) { seen.firstOnScreen = now; seen.firstLength = value.length; }
      if (value.length >= ${length}) { seen.lastOnScreen = now; resolve(seen); return; }
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  })`)) as Seen;
  await page.getByText('Written.').waitFor();
  await page.getByRole('button', { name: 'Undo' }).click();
  await page.getByText('Back to your text as it was.').waitFor();
  return seen;
}

async function editorId(page: Page): Promise<string> {
  return page.getByLabel('Your post').evaluate((element) => element.id);
}
