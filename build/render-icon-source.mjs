// Renders build/icon-source.svg to build/icon-source.png (1024×1024, transparent corners) with
// headless Chromium. Run once after changing the SVG, then `node build/generate-icons.mjs`;
// both outputs are committed, so packaging and tests never need a browser.
//   node build/render-icon-source.mjs [path/to/chromium]
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const here = path.dirname(new URL(import.meta.url).pathname);
const svg = fs.readFileSync(path.join(here, 'icon-source.svg'), 'utf8');
const browser = await chromium.launch({ executablePath: process.argv[2] ?? '/usr/bin/chromium' });
try {
  const page = await browser.newPage({ viewport: { width: 1024, height: 1024 }, deviceScaleFactor: 1 });
  await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${svg}</body></html>`);
  const png = await page.locator('svg').screenshot({ omitBackground: true });
  fs.writeFileSync(path.join(here, 'icon-source.png'), png);
  process.stdout.write(`Wrote build/icon-source.png (${png.length} bytes)\n`);
} finally {
  await browser.close();
}
