import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import type { HttpClient, HttpRequest, HttpResult } from '../ports/http-client';
import { systemTimers, type Timers } from '../ports/timers';

/** How long a request may take, answer included, unless the caller says otherwise. */
export const DEFAULT_HTTP_TIMEOUT_MS = 30_000;
/** Larger answers are not read (no API the core calls answers more than a few KB). */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export interface NodeHttpClientOptions {
  timeoutMs?: number;
  maxBodyBytes?: number;
  /** Where the request's deadline is kept (default: Node's). */
  timers?: Timers;
}

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME']);
const UNREACHABLE_CODES = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'EHOSTDOWN', 'ETIMEDOUT', 'EADDRNOTAVAIL']);

/**
 * The HTTP port over `node:http`/`node:https`.
 *
 * Every request opens its own connection (no keep-alive pool). That costs a handshake per call,
 * which is nothing next to how rarely the core posts, and it buys a precise answer to the one
 * question publishing cares about: a reused pooled connection can die just as the request is
 * written, and then nobody knows whether the server read it. On a fresh connection, nothing of
 * the request is written before the connection (and TLS) is up, so an error before that moment
 * is `not_sent` and any failure after it is `no_answer`.
 */
export function createNodeHttpClient(options: NodeHttpClientOptions = {}): HttpClient {
  const defaultTimeout = options.timeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const timers = options.timers ?? systemTimers;
  return { send: (request) => send(request, request.timeoutMs ?? defaultTimeout, maxBodyBytes, timers) };
}

function send(request: HttpRequest, timeoutMs: number, maxBodyBytes: number, timers: Timers): Promise<HttpResult> {
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return Promise.resolve({ kind: 'not_sent', reason: 'bad_request', message: 'The address is not a valid URL.' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return Promise.resolve({ kind: 'not_sent', reason: 'bad_request', message: `Only http and https addresses are supported, not ${url.protocol}` });
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    // The token has one way in, so a caller cannot put it somewhere it would be logged.
    if (name.toLowerCase() === 'authorization') {
      return Promise.resolve({ kind: 'not_sent', reason: 'bad_request', message: 'Pass the token as bearerToken, not as a header.' });
    }
    headers[name] = value;
  }
  if (request.bearerToken !== undefined) headers.authorization = `Bearer ${request.bearerToken}`;
  const body = typeof request.body === 'string' ? Buffer.from(request.body, 'utf8') : request.body;
  if (body !== undefined) headers['content-length'] = String(body.byteLength);
  if (request.signal?.aborted) return Promise.resolve({ kind: 'not_sent', reason: 'aborted', message: 'The request was cancelled before it was sent.' });

  return new Promise<HttpResult>((resolve) => {
    let written = false;
    let timedOut = false;
    let aborted = false;
    let settled = false;
    let answered = false;
    const finish = (result: HttpResult) => {
      if (settled) return;
      settled = true;
      timers.clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
      resolve(result);
    };

    const transport = url.protocol === 'https:' ? https : http;
    // agent: false = a fresh connection for this request only (see above); redirects are never
    // followed by node:http, so a 3xx comes back as the response it is.
    const req = transport.request(url, { method: request.method, headers, agent: false });

    const timer = timers.setTimeout(() => {
      timedOut = true;
      req.destroy(new Error(`No answer within ${timeoutMs} ms`));
    }, timeoutMs);
    const onAbort = () => {
      aborted = true;
      req.destroy(new Error('The request was cancelled'));
    };
    request.signal?.addEventListener('abort', onAbort, { once: true });

    req.on('socket', (socket: Socket) => {
      if (!socket.connecting) {
        written = true; // Already connected (not ours to know what happened on it): assume it left.
        return;
      }
      socket.once(socket instanceof TLSSocket ? 'secureConnect' : 'connect', () => (written = true));
    });

    req.on('error', (error: NodeJS.ErrnoException) => {
      if (answered) return; // The response's own handlers say what became of the body.
      if (!written) {
        if (timedOut) return finish({ kind: 'not_sent', reason: 'timeout', message: `Could not connect within ${timeoutMs} ms.` });
        if (aborted) return finish({ kind: 'not_sent', reason: 'aborted', message: 'The request was cancelled before it was sent.' });
        return finish({ kind: 'not_sent', reason: notSentReason(error), message: error.message });
      }
      if (timedOut) return finish({ kind: 'no_answer', reason: 'timeout', message: `The request was sent but no answer came within ${timeoutMs} ms.` });
      if (aborted) return finish({ kind: 'no_answer', reason: 'aborted', message: 'The request was sent, then cancelled before an answer came.' });
      return finish({ kind: 'no_answer', reason: 'reset', message: `The request was sent, then the connection broke (${error.code ?? error.message}).` });
    });

    req.on('response', (res) => {
      answered = true;
      const responseHeaders: Record<string, string> = {};
      for (const [name, value] of Object.entries(res.headers)) {
        if (value !== undefined) responseHeaders[name] = Array.isArray(value) ? value.join(', ') : value;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      const answer = (text: string | null, bodyLost: 'too_large' | 'interrupted' = 'interrupted') =>
        finish(
          text === null
            ? { kind: 'response', status: res.statusCode ?? 0, headers: responseHeaders, body: null, bodyLost }
            : { kind: 'response', status: res.statusCode ?? 0, headers: responseHeaders, body: text },
        );
      res.on('data', (chunk: Buffer) => {
        size += chunk.byteLength;
        if (size > maxBodyBytes) {
          answer(null, 'too_large');
          res.destroy();
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => answer(Buffer.concat(chunks).toString('utf8')));
      // A status line came but the body did not arrive whole (reset, timeout, cancel).
      res.on('error', () => answer(null));
      res.on('close', () => answer(res.complete ? Buffer.concat(chunks).toString('utf8') : null));
    });

    req.end(body);
  });
}

function notSentReason(error: NodeJS.ErrnoException): 'dns' | 'refused' | 'unreachable' | 'tls' {
  const code = error.code ?? '';
  if (DNS_CODES.has(code)) return 'dns';
  if (code === 'ECONNREFUSED') return 'refused';
  if (UNREACHABLE_CODES.has(code)) return 'unreachable';
  if (code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL') || code.includes('CERT') || code.includes('SELF_SIGNED')) return 'tls';
  return 'unreachable';
}
