import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { AppEvent } from '../core/events/event-hub';
import type { Logger } from '../core/ports/logger';
import { contentSecurityPolicy } from '../core/security/content-security-policy';
import { contentTypeFor, resolveStaticPath } from '../core/static/resolve-static-path';
import type { Dispatch } from '../ipc/dispatcher';
import { isTrustedSenderUrl } from '../ipc/trusted-sender';
import { wireRequestSchema, type WireMessage } from '@shared/ipc/wire';
import { WEB_HOST_KEY_PROTOCOL_PREFIX, WEB_HOST_PROTOCOL } from '@shared/ipc/web-host-key';

export const BRIDGE_PATH = '/agencyiq-bridge.js';
export const IPC_PATH = '/ipc';
// A draft is at most ~600k characters of text (body plus five platform texts).
const MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

export interface WebHostOptions {
  dispatch: Dispatch;
  rendererDir: string;
  bridgeFile: string;
  port: number;
  logger: Logger;
  /** Where core events come from; each is pushed to every open page. */
  subscribe(listener: (event: AppEvent) => void): () => void;
}

export interface WebHost {
  /** The address to open, with this launch's key in the fragment: `http://127.0.0.1:<port>/#k=<key>`. */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves the built renderer on 127.0.0.1 and carries the IPC contract over a WebSocket.
 * Development and end-to-end tests only; never shipped. The page gets the same CSP as in
 * Electron plus its own WebSocket. Only pages from this origin (Origin and Host, against web
 * pages and DNS rebinding) holding this launch's random key (against any other local program,
 * which can forge both headers; see shared/ipc/web-host-key.ts) may open the socket.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const server = http.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  const allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const csp = contentSecurityPolicy({ connectSrc: [`ws://127.0.0.1:${port}`, `ws://localhost:${port}`] });
  const key = crypto.randomBytes(32).toString('base64url');

  server.on('request', (req, res) => {
    // A page on another site could point its own hostname at 127.0.0.1 (DNS rebinding).
    if (!allowedHosts.has(req.headers.host ?? '')) return void res.writeHead(421).end();
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    const urlPath = (req.url ?? '/').split('?')[0] ?? '/';
    const file =
      urlPath === BRIDGE_PATH ? options.bridgeFile : resolveStaticPath(options.rendererDir, urlPath);
    if (!file) return void res.writeHead(400).end('Bad path');
    fs.readFile(file, (error, data) => {
      if (error) return void res.writeHead(404).end('Not found');
      let body: Buffer = data;
      if (file.endsWith('index.html')) {
        // The bridge must run before the app's module script, so it goes first in <head>.
        body = Buffer.from(data.toString('utf8').replace('<head>', `<head><script src="${BRIDGE_PATH}"></script>`));
      }
      res.writeHead(200, {
        'Content-Type': contentTypeFor(file),
        'Content-Security-Policy': csp,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
        'Referrer-Policy': 'no-referrer',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    });
  });

  // The answer names the plain protocol, never the key the client offered.
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, handleProtocols: () => WEB_HOST_PROTOCOL });
  server.on('upgrade', (req, socket, head) => {
    const fromOurPage =
      req.url === IPC_PATH &&
      allowedHosts.has(req.headers.host ?? '') &&
      isTrustedSenderUrl(req.headers.origin, [origin, `http://localhost:${port}`]);
    const keyed = fromOurPage && offersKey(req.headers['sec-websocket-protocol'], key);
    if (!keyed) {
      // Never the offered protocols in the log: they may hold a key (a right one from an old page).
      options.logger.warn('Refused a WebSocket', { reason: fromOurPage ? 'no_key' : 'untrusted_page', origin: req.headers.origin ?? 'none' });
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => serveSocket(ws, options));
  });
  const unsubscribe = options.subscribe(({ event, payload }) => {
    for (const client of sockets.clients) send(client, { event, payload });
  });

  return {
    url: `${origin}/#k=${key}`,
    close: () =>
      new Promise<void>((resolve) => {
        unsubscribe();
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** True when the upgrade offers the plain protocol and this launch's key (compared in constant time). */
function offersKey(header: string | undefined, key: string): boolean {
  const offered = (header ?? '').split(',').map((p) => p.trim());
  if (!offered.includes(WEB_HOST_PROTOCOL)) return false;
  const wanted = crypto.createHash('sha256').update(key).digest();
  let found = false;
  for (const protocol of offered) {
    if (!protocol.startsWith(WEB_HOST_KEY_PROTOCOL_PREFIX)) continue;
    // Hashing first gives both sides one length, so the comparison reveals nothing about the key.
    const given = crypto.createHash('sha256').update(protocol.slice(WEB_HOST_KEY_PROTOCOL_PREFIX.length)).digest();
    found = crypto.timingSafeEqual(given, wanted) || found;
  }
  return found;
}

function send(ws: WebSocket, message: WireMessage): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
}

function serveSocket(ws: WebSocket, options: WebHostOptions): void {
  ws.on('message', (data, isBinary) => {
    let decoded: unknown;
    try {
      decoded = isBinary ? undefined : JSON.parse(data.toString());
    } catch {
      decoded = undefined;
    }
    const request = wireRequestSchema.safeParse(decoded);
    if (!request.success) {
      // Answer under the caller's id when it gave a usable one, so it is not left waiting.
      const id = (decoded as { id?: unknown } | undefined)?.id;
      send(ws, {
        id: Number.isSafeInteger(id) && (id as number) >= 0 ? (id as number) : null,
        result: { ok: false, error: { code: 'invalid_request', message: 'The message was not a valid request.' } },
      });
      return;
    }
    const { id, channel, payload } = request.data;
    void options.dispatch(channel, payload).then((result) => send(ws, { id, result }));
  });
  ws.on('error', (error) => options.logger.warn('WebSocket error', { error: error.message }));
}
