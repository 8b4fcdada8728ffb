import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { OPEN_APP_LINK_PATH, startAppLinkGateway, type AppLinkGateway } from '../sandbox/app-link-gateway';

// The sandbox's stand-in for the OS's agencyiq:// handler: everything passes through unchanged
// except redirects and links to agencyiq://, which come back to it and reach the app exactly once.

let upstream: http.Server;
let gateway: AppLinkGateway;
const delivered: string[] = [];
const LINK = 'agencyiq://licence/success?session_id=cs_test_a1&x=2';

beforeAll(async () => {
  upstream = http.createServer((req, res) => {
    if (req.url === '/redirect') {
      res.writeHead(302, { location: LINK });
      return res.end();
    }
    if (req.url === '/page') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(`<p><a class="button" href="${LINK.replace('&', '&amp;')}">Go back to AgencyIQ</a> <a href="https://example.com/">other</a></p>`);
    }
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      res.writeHead(201, { 'content-type': 'application/json', 'x-upstream': 'yes' });
      res.end(JSON.stringify({ method: req.method, path: req.url, body }));
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  gateway = await startAppLinkGateway({ upstream: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`, deliver: (link) => delivered.push(link) });
});

afterAll(async () => {
  await gateway.close();
  await new Promise<void>((resolve) => upstream.close(() => resolve()));
});

test('forwards requests and answers unchanged', async () => {
  const response = await fetch(`${gateway.url}/v1/anything?q=1`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
  expect(response.status).toBe(201);
  expect(response.headers.get('x-upstream')).toBe('yes');
  expect(await response.json()).toEqual({ method: 'POST', path: '/v1/anything?q=1', body: '{"a":1}' });
  expect(delivered).toEqual([]);
});

test('a redirect to agencyiq:// comes back to the gateway, which delivers the very link once', async () => {
  const response = await fetch(`${gateway.url}/redirect`, { redirect: 'manual' });
  const location = response.headers.get('location')!;
  expect(location).toBe(`${gateway.url}${OPEN_APP_LINK_PATH}?link=${encodeURIComponent(LINK)}`);
  const page = await fetch(location);
  expect(page.status).toBe(200);
  expect(delivered.splice(0)).toEqual([LINK]);
  // The page names the link without its one-time parts.
  const html = await page.text();
  expect(html).toContain('agencyiq://licence/success');
  expect(html).not.toContain('cs_test_a1');
});

test('links to agencyiq:// in a page lead to the gateway; other links are left alone', async () => {
  const html = await (await fetch(`${gateway.url}/page`)).text();
  const href = /href="([^"]+)">Go back/.exec(html)![1]!.replace(/&#38;/g, '&');
  expect(href).toBe(`${gateway.url}${OPEN_APP_LINK_PATH}?link=${encodeURIComponent(LINK)}`);
  expect(html).toContain('href="https://example.com/"');
  await fetch(href);
  expect(delivered.splice(0)).toEqual([LINK]);
});

test('anything but an agencyiq:// link is refused and never delivered', async () => {
  for (const link of ['https://evil.example/', 'javascript:alert(1)', 'agencyiq://with space', '']) {
    const response = await fetch(`${gateway.url}${OPEN_APP_LINK_PATH}?link=${encodeURIComponent(link)}`);
    expect(response.status, link).toBe(400);
  }
  expect((await fetch(`${gateway.url}${OPEN_APP_LINK_PATH}`)).status).toBe(400);
  expect(delivered).toEqual([]);
});
