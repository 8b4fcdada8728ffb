import http from 'node:http';
import https from 'node:https';
import { open, type FileHandle } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import { bodyLength, type HttpClient, type HttpRequest, type HttpResult, type StreamedBody } from '../ports/http-client';
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
  const timers = options.timers ?? systemTimers;
  return { send: (request) => send(request, request.timeoutMs ?? defaultTimeout, maxBodyBytes, agents, timers) };
}

async function send(request: HttpRequest, timeoutMs: number, maxBodyBytes: number, agents: Agents, timers: Timers): Promise<HttpResult> {
  const streamed = isStreamed(request.body) ? await openParts(request.body) : null;
  if (streamed !== null && 'refused' in streamed) return streamed.refused;
  try {
    return await exchange(request, timeoutMs, maxBodyBytes, streamed, agents, timers);
  } finally {
    await Promise.all((streamed?.handles ?? []).map((handle) => handle?.close().catch(() => {})));
  }
}

const isStreamed = (body: HttpRequest['body']): body is StreamedBody => typeof body === 'object' && !(body instanceof Uint8Array);

/** A streamed body with its files open and their ranges checked: nothing is connected before this. */
interface OpenedBody {
  body: StreamedBody;
  /** One per part: the open file of a file range, null for bytes. */
  handles: Array<FileHandle | null>;
}

async function openParts(body: StreamedBody): Promise<OpenedBody | { refused: HttpResult }> {
  const handles: Array<FileHandle | null> = [];
  try {
    for (const part of body.parts) {
      if (part instanceof Uint8Array) {
        handles.push(null);
        continue;
      }
      const handle = await open(part.file, 'r');
      handles.push(handle);
      const { size } = await handle.stat();
      if (!Number.isSafeInteger(part.start) || !Number.isSafeInteger(part.length) || part.start < 0 || part.length < 0 || part.start + part.length > size) {
        throw new Error('The file to send is shorter than the part asked for.');
      }
    }
    return { body, handles };
  } catch (error) {
    await Promise.all(handles.map((handle) => handle?.close().catch(() => {})));
    const why = error instanceof Error ? error.message : String(error);
    return { refused: { kind: 'not_sent', reason: 'bad_request', message: `The file to send could not be read (${why}).` } };
  }
}

/** Writes the parts in order, waiting for the connection to take each piece (backpressure). */
async function writeParts(req: http.ClientRequest, opened: OpenedBody, onProgress: ((sent: number) => void) | undefined): Promise<void> {
  let sent = 0;
  const put = async (chunk: Uint8Array) => {
    if (req.destroyed) throw new BodyAbandoned();
    if (!req.write(chunk)) await drained(req);
    sent += chunk.byteLength;
    onProgress?.(sent);
  };
  for (const [index, part] of opened.body.parts.entries()) {
    if (part instanceof Uint8Array) {
      if (part.byteLength > 0) await put(part);
      continue;
    }
    if (part.length === 0) continue;
    const stream = opened.handles[index]!.createReadStream({ start: part.start, end: part.start + part.length - 1, autoClose: false, highWaterMark: 256 * 1024 });
    for await (const chunk of stream as AsyncIterable<Buffer>) await put(chunk);
  }
  req.end();
}

/** The request went away while its body was being written (an answer, a timeout, a reset): stop reading. */
class BodyAbandoned extends Error {}

const drained = (req: http.ClientRequest) =>
  new Promise<void>((resolve) => {
    const done = () => {
      req.off('drain', done);
      req.off('close', done);
      resolve();
    };
    req.on('drain', done);
    req.on('close', done);
  });

type Agents = Record<'http:' | 'https:', http.Agent>;

function exchange(request: HttpRequest, timeoutMs: number, maxBodyBytes: number, streamed: OpenedBody | null, agents: Agents, timers: Timers): Promise<HttpResult> {
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
  const body = typeof request.body === 'string' ? Buffer.from(request.body, 'utf8') : isStreamed(request.body) ? undefined : request.body;
  if (body !== undefined) headers['content-length'] = String(body.byteLength);
  if (streamed !== null) headers['content-length'] = String(bodyLength(streamed.body));
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
    // Redirects are never followed by node:http, so a 3xx comes back as the response it is.
    const req = transport.request(url, { method: request.method, headers, agent: agents[url.protocol as 'http:' | 'https:'] });

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

    if (streamed === null) {
      req.end(body);
      if (body !== undefined) request.onBodyProgress?.(body.byteLength);
      return;
    }
    writeParts(req, streamed, request.onBodyProgress).catch((error: unknown) => {
      if (error instanceof BodyAbandoned) return;
      // The file could not be read part-way: the body can never be complete, so the request is
      // abandoned. If the connection was up, part of it may have been read (no_answer, via 'error').
      req.destroy(error instanceof Error ? error : new Error(String(error)));
    });
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
