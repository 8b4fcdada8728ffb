import { readFile, stat } from 'node:fs/promises';
import { contentSecurityPolicy } from '../core/security/content-security-policy';
import { contentTypeFor, resolveStaticPath } from '../core/static/resolve-static-path';

/** The renderer is served from `app://agencyiq/…`: a secure, standard origin of its own, never file://. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'agencyiq';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_START_URL = `${APP_ORIGIN}/`;

/**
 * Headers on every app:// response, errors included. The CSP travels as a header (not only a
 * meta tag) so it applies before any byte of the document is parsed.
 */
function baseHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache',
  };
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { ...baseHeaders(), 'Content-Type': 'text/plain; charset=utf-8' } });
}

/**
 * Answers one `app://` request from the built renderer folder. Only GET/HEAD on our own host;
 * the path goes through the same traversal check as the browser host's static server.
 * Kept free of Electron so it is tested under plain Node with real Request/Response objects.
 */
export async function respondFromRenderer(rendererRoot: string, request: Request): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed');
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return plain(400, 'Bad request');
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST || url.username !== '' || url.password !== '') {
    return plain(404, 'Not found');
  }
  const filePath = resolveStaticPath(rendererRoot, url.pathname);
  if (filePath === null) return plain(404, 'Not found');
  try {
    const info = await stat(filePath);
    if (!info.isFile()) return plain(404, 'Not found');
    const body = request.method === 'HEAD' ? null : await readFile(filePath);
    return new Response(body, {
      status: 200,
      headers: { ...baseHeaders(), 'Content-Type': contentTypeFor(filePath), 'Content-Length': String(info.size) },
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return plain(404, 'Not found');
    return plain(500, 'Could not read the file');
  }
}
