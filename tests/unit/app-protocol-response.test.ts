import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../electron/core/security/content-security-policy';
import { APP_START_URL, respondFromRenderer } from '../../electron/platform/app-protocol-response';

let root: string;
let outside: string;

beforeAll(() => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'agencyiq-protocol-'));
  root = path.join(base, 'renderer');
  fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>AgencyIQ</title>');
  fs.writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
  outside = path.join(base, 'secret.txt');
  fs.writeFileSync(outside, 'do not serve');
});

afterAll(() => {
  fs.rmSync(path.dirname(root), { recursive: true, force: true });
});

function get(url: string, method = 'GET'): Promise<Response> {
  let request: Request;
  try {
    request = new Request(url, { method });
  } catch {
    // Node's Request refuses some URLs Chromium may still hand over (credentials); the
    // handler only reads `url` and `method`.
    request = { url, method } as Request;
  }
  return respondFromRenderer(root, request);
}

describe('respondFromRenderer', () => {
  it('serves index.html at the start URL with the CSP header', async () => {
    const response = await get(APP_START_URL);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy());
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('<title>AgencyIQ</title>');
  });

  it('serves assets with their content type', async () => {
    const response = await get('app://agencyiq/assets/app.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('answers HEAD without a body', async () => {
    const response = await get('app://agencyiq/assets/app.js', 'HEAD');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });

  it.each([
    ['a missing file', 'app://agencyiq/nope.js'],
    ['a directory', 'app://agencyiq/assets'],
    ['encoded traversal', 'app://agencyiq/%2e%2e/secret.txt'],
    ['encoded slash traversal', 'app://agencyiq/assets%2f..%2f..%2fsecret.txt'],
    ['backslash traversal', 'app://agencyiq/..%5csecret.txt'],
    ['NUL byte', 'app://agencyiq/index.html%00.js'],
    ['another host', 'app://evil/index.html'],
    ['credentials', 'app://user:pw@agencyiq/index.html'],
    ['another scheme', 'https://agencyiq/index.html'],
  ])('answers 404 for %s, still with the CSP header', async (_name, url) => {
    const response = await get(url);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy());
    expect(await response.text()).not.toContain('do not serve');
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect((await get('app://agencyiq/index.html', 'POST')).status).toBe(405);
  });
});
