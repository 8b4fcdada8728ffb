import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import type { HttpClient, HttpRequest, HttpResult } from '../ports/http-client';

/** How long a request may take, answer included, unless the caller says otherwise. */
export const DEFAULT_HTTP_TIMEOUT_MS = 30_000;
/** Larger answers are not read (no API the core calls answers more than a few KB). */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export interface NodeHttpClientOptions {
  timeoutMs?: number;
  maxBodyBytes?: number;
}

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME']);
const UNREACHABLE_CODES = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'EHOSTDOWN', 'ETIMEDOUT', 'EADDRNOTAVAIL']);

/**
 * A kept connection idle this long is closed by us. Below the keep-alive timeouts servers use
 * (Node 5 s, load balancers 60 s and more), so it is almost always we who end an idle connection,
 * not the server while a request is being written on it. A server's own `Keep-Alive: timeout=N`
 * shortens it (Node's agent closes a second before N).
 */
export const IDLE_CONNECTION_MS = 4_000;

/**
 * The HTTP port over `node:http`/`node:https`, keeping connections alive between requests (a
 * handshake per request was most of a post's network cost, and of the bench's bare loop's).
 *
 * Publishing cares about one question: did any byte of the request reach a server? On a NEW
 * connection nothing is written before the connection (and TLS) is up, so an error before that
 * moment is `not_sent` (safe to retry) and any failure after it is `no_answer`. On a REUSED
 * connection the request is written at once, and the server may have closed it meanwhile or may
 * read the request and then break the connection: nobody can tell which, so every failure on a
 * reused connection is `no_answer` (the server may have acted; publishing never re-sends it by
 * itself). Closing idle connections before the server does keeps that case rare.
 */
export function createNodeHttpClient(options: NodeHttpClientOptions = {}): HttpClient {
  const defaultTimeout = options.timeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  // Kept sockets are unref'd by the agents: they never keep a process alive.
  const agents = {
    'http:': new http.Agent({ keepAlive: true, timeout: IDLE_CONNECTION_MS }),
    'https:': new https.Agent({ keepAlive: true, timeout: IDLE_CONNECTION_MS }),
  };
  return { send: (request) => send(request, request.timeoutMs ?? defaultTimeout, maxBodyBytes, agents) };
}

function send(request: HttpRequest, timeoutMs: number, maxBodyBytes: number, agents: Record<'http:' | 'https:', http.Agent>): Promise<HttpResult> {
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
  if (request.bearerToken !== undefined) headers.authorization = `${request.authScheme ?? 'Bearer'} ${request.bearerToken}`;
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
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
      resolve(result);
    };

    const transport = url.protocol === 'https:' ? https : http;
    // Redirects are never followed by node:http, so a 3xx comes back as the response it is.
    const req = transport.request(url, { method: request.method, headers, agent: agents[url.protocol as 'http:' | 'https:'] });

    const timer = setTimeout(() => {
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
        // A kept connection: the request is written on it at once (see createNodeHttpClient).
        written = true;
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
