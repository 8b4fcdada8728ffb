import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  nodes: Array<{ target: unknown[] }>;
}

/**
 * axe-core's serious and critical violations on the page as it is now. The app's CSP allows only
 * its own scripts, so axe's source is served as if from the app's origin (a routed URL) rather
 * than inlined or with the CSP turned off.
 */
export async function axeViolations(page: Page, hostUrl: string): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) {
    const url = `${new URL(hostUrl).origin}/axe-core-under-test.js`;
    await page.route(url, (route) => route.fulfill({ contentType: 'text/javascript', body: AXE_SOURCE }));
    await page.addScriptTag({ url });
  }
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document) => Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run(document)).violations;
  });
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => JSON.stringify(node.target)).join(', ')}`);
}
