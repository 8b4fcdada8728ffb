import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Timers } from '../ports/timers';

/** What the browser brought back to the loopback redirect. */
export type LoopbackCallback =
  | { kind: 'code'; code: string; state: string; issuer: string | null }
  | { kind: 'error'; error: string; state: string; issuer: string | null };

/**
 * The one path the listener answers. RFC 8252 §7.3 lets only the port of a loopback redirect
 * vary, so the path is fixed (a strict server compares the rest exactly); `state` carries the
 * flow's randomness.
 */
export const LOOPBACK_CALLBACK_PATH = '/oauth/callback';

/** A running one-shot listener for an RFC 8252 §7.3 loopback redirect. */
export interface LoopbackListener {
  /** `http://127.0.0.1:<port>/oauth/callback`: the redirect URI of this flow. */
  redirectUri: string;
  /** Resolves with the first callback that carries the expected state; rejects on timeout or close. */
  callback: Promise<LoopbackCallback>;
  /** Stops listening now (cancel); `callback` rejects with LoopbackClosedError. */
  close(): void;
}

export class LoopbackClosedError extends Error {
  constructor(readonly reason: 'timeout' | 'closed') {
    super(reason === 'timeout' ? 'Nobody came back to the sign-in listener in time.' : 'The sign-in listener was closed.');
    this.name = 'LoopbackClosedError';
  }
}

const PAGE = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>` +
  `<style>body{font:16px system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#1f2933}</style>` +
  `</head><body><h1>${title}</h1><p>${body}</p></body></html>`;

const DONE_PAGE = PAGE('You can go back to AgencyIQ', 'AgencyIQ has received the answer from the sign-in page. You can close this tab.');
const REFUSED_PAGE = PAGE('This link is not for AgencyIQ', 'AgencyIQ did not start this sign-in. Nothing was changed.');

const MAX_PARAM_LENGTH = 2048;

/**
 * Starts a listener bound to 127.0.0.1 only (never `localhost`, which may resolve to another
 * interface, never 0.0.0.0), on an ephemeral port, answering one exact path.
 * The first request there that carries `expectedState` ends it: the browser gets a small
 * "You can go back to AgencyIQ" page and the server closes. Requests with another state or path
 * are answered 400/404 and do not count, so a local process cannot cancel the owner's sign-in
 * by knocking first. After `timeoutMs` it closes by itself.
 */
export async function startLoopbackListener(options: { expectedState: string; timeoutMs: number; timers: Timers }): Promise<LoopbackListener> {
  const path = LOOPBACK_CALLBACK_PATH;
  let settle!: { resolve: (value: LoopbackCallback) => void; reject: (error: Error) => void };
  const callback = new Promise<LoopbackCallback>((resolve, reject) => (settle = { resolve, reject }));
  // A rejection nobody awaits yet (cancel before the flow looks) must not crash the process.
  callback.catch(() => {});
  let finished = false;

  const server = http.createServer((request, response) => {
    const send = (status: number, html: string) => {
      response.writeHead(status, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'referrer-policy': 'no-referrer',
        connection: 'close',
      });
      response.end(html);
    };
    if (finished) return send(410, REFUSED_PAGE);
    let url: URL;
    try {
      url = new URL(request.url ?? '/', 'http://127.0.0.1');
    } catch {
      return send(400, REFUSED_PAGE);
    }
    if (request.method !== 'GET' || url.pathname !== path) return send(404, REFUSED_PAGE);
    const one = (name: string) => {
      const values = url.searchParams.getAll(name);
      return values.length === 1 && values[0]!.length <= MAX_PARAM_LENGTH ? values[0]! : null;
    };
    const state = one('state');
    if (state === null || !sameSecret(state, options.expectedState)) return send(400, REFUSED_PAGE);
    const code = one('code');
    const error = one('error');
    // RFC 9207 `iss`, checked by the flow; any other parameter the provider adds is ignored (RFC 6749 §4.1.2).
    const issuers = url.searchParams.getAll('iss');
    if (issuers.length > 1 || (issuers.length === 1 && one('iss') === null)) return send(400, REFUSED_PAGE);
    const issuer = one('iss');
    let result: LoopbackCallback;
    if (error !== null && code === null) result = { kind: 'error', error: error.slice(0, 64), state, issuer };
    else if (code !== null && error === null) result = { kind: 'code', code, state, issuer };
    else return send(400, REFUSED_PAGE);
    send(200, DONE_PAGE);
    // `connection: close` ends this socket once the page is flushed; cutting it now could truncate it.
    finish(() => settle.resolve(result), false);
  });

  const finish = (then: () => void, dropConnections = true) => {
    if (finished) return;
    finished = true;
    options.timers.clearTimeout(timer);
    server.close();
    if (dropConnections) server.closeAllConnections();
    else server.closeIdleConnections();
    then();
  };
  const timer = options.timers.setTimeout(() => finish(() => settle.reject(new LoopbackClosedError('timeout'))), options.timeoutMs);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    redirectUri: `http://127.0.0.1:${port}${path}`,
    callback,
    close: () => finish(() => settle.reject(new LoopbackClosedError('closed'))),
  };
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}
