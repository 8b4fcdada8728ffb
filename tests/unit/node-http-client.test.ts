import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LINKEDIN_API } from '@shared/platforms/api-versions';
import { createNodeHttpClient } from '../../electron/core/http/node-http-client';
import { json, startScriptedHttpServer, type ScriptedHttpServer } from '../support/scripted-http-server';

// The port's one promise that publishing builds on: "nothing left" (safe to retry) is told apart
// from "it left and no answer came" (never retry by itself).

let server: ScriptedHttpServer;
beforeAll(async () => {
  server = await startScriptedHttpServer(() => {});
});
afterAll(() => server.close());

/** A port nothing listens on: bound once, then closed. */
async function closedPort(): Promise<number> {
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('node HTTP client', () => {
  it('sends the method, headers and body, with the token only in the Authorization header', async () => {
    server.setScript((request, res) => json(res, 201, { got: request.body }, { 'x-restli-id': 'urn:li:share:1' }));
    const result = await createNodeHttpClient().send({
      method: 'POST',
      url: `${server.url}/rest/posts?x=1`,
      headers: { 'content-type': 'application/json', 'LinkedIn-Version': LINKEDIN_API.version },
      body: JSON.stringify({ a: 'é' }),
      bearerToken: 'tok-123',
    });
    expect(result).toMatchObject({ kind: 'response', status: 201, headers: { 'x-restli-id': 'urn:li:share:1' } });
    expect(result.kind === 'response' && JSON.parse(result.body!)).toEqual({ got: { a: 'é' } });
    const seen = server.requests.at(-1)!;
    expect(seen).toMatchObject({ method: 'POST', path: '/rest/posts?x=1' });
    expect(seen.headers.authorization).toBe('Bearer tok-123');
    expect(seen.headers['linkedin-version']).toBe(LINKEDIN_API.version);
    expect(seen.headers['content-length']).toBe(String(Buffer.byteLength(JSON.stringify({ a: 'é' }))));
  });

  it("sends the token under Meta's upload scheme when asked (Authorization: OAuth)", async () => {
    server.setScript((_request, res) => json(res, 200, { success: true }));
    await createNodeHttpClient().send({ method: 'POST', url: `${server.url}/ig-api-upload/1`, body: new Uint8Array([1, 2]), bearerToken: 'tok-9', authScheme: 'OAuth' });
    expect(server.requests.at(-1)!.headers.authorization).toBe('OAuth tok-9');
  });

  it('refuses an Authorization header passed as an ordinary header, sending nothing', async () => {
    const before = server.requests.length;
    const result = await createNodeHttpClient().send({ method: 'GET', url: server.url, headers: { Authorization: 'Bearer x' } });
    expect(result).toMatchObject({ kind: 'not_sent', reason: 'bad_request' });
    expect(server.requests.length).toBe(before);
  });

  it('answers not_sent for a refused connection', async () => {
    const port = await closedPort();
    const result = await createNodeHttpClient().send({ method: 'POST', url: `http://127.0.0.1:${port}/2/tweets`, body: '{}' });
    expect(result).toMatchObject({ kind: 'not_sent', reason: 'refused' });
  });

  it('answers not_sent for a name that does not resolve', async () => {
    const result = await createNodeHttpClient().send({ method: 'POST', url: 'http://no-such-host.invalid/2/tweets', body: '{}' });
    expect(result).toMatchObject({ kind: 'not_sent', reason: 'dns' });
  });

  it('answers no_answer (timeout) when the server read the request and never answered', async () => {
    server.setScript(() => {}); // Holds every request.
    const result = await createNodeHttpClient({ timeoutMs: 200 }).send({ method: 'POST', url: `${server.url}/hang`, body: 'x' });
    expect(result).toMatchObject({ kind: 'no_answer', reason: 'timeout' });
    expect(server.requests.at(-1)!.path).toBe('/hang');
  });

  it('answers no_answer (reset) when the connection is destroyed after the request was read', async () => {
    server.setScript((_request, res) => void res.socket!.destroy());
    const result = await createNodeHttpClient().send({ method: 'POST', url: `${server.url}/reset`, body: 'x' });
    expect(result).toMatchObject({ kind: 'no_answer', reason: 'reset' });
  });

  it('tells an abort before sending from an abort after', async () => {
    const early = new AbortController();
    early.abort();
    expect(await createNodeHttpClient().send({ method: 'POST', url: server.url, signal: early.signal })).toMatchObject({ kind: 'not_sent', reason: 'aborted' });

    server.setScript(() => {});
    const late = new AbortController();
    const pending = createNodeHttpClient().send({ method: 'POST', url: `${server.url}/abort`, body: 'x', signal: late.signal });
    await expect.poll(() => server.requests.at(-1)?.path).toBe('/abort');
    late.abort();
    expect(await pending).toMatchObject({ kind: 'no_answer', reason: 'aborted' });
  });

  it('never follows a redirect: the 3xx is the answer', async () => {
    server.setScript((request, res) => {
      if (request.path === '/moved') return json(res, 307, {}, { location: `${server.url}/elsewhere` });
      json(res, 200, { followed: true });
    });
    const before = server.requests.length;
    const result = await createNodeHttpClient().send({ method: 'POST', url: `${server.url}/moved`, body: 'x', bearerToken: 't' });
    expect(result).toMatchObject({ kind: 'response', status: 307 });
    expect(server.requests.length).toBe(before + 1);
  });

  it('gives the status but no body when the body is larger than allowed', async () => {
    server.setScript((_request, res) => json(res, 200, { padding: 'x'.repeat(5000) }));
    const result = await createNodeHttpClient({ maxBodyBytes: 1000 }).send({ method: 'GET', url: server.url });
    expect(result).toMatchObject({ kind: 'response', status: 200, body: null, bodyLost: 'too_large' });
  });

  it('gives the status but no body when the connection breaks mid-body', async () => {
    server.setScript((_request, res) => {
      res.writeHead(201, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"data":{"id":"12');
      setTimeout(() => res.socket!.destroy(), 20);
    });
    const result = await createNodeHttpClient().send({ method: 'POST', url: server.url, body: 'x' });
    expect(result).toMatchObject({ kind: 'response', status: 201, body: null, bodyLost: 'interrupted' });
  });
});

/**
 * A raw HTTP/1.1 server on `net`, so a test decides exactly when a kept connection closes.
 * `onRequest(socket, n)` is called for each request head received (n counts from 1 over the
 * whole server); `connections` counts the connections made to it.
 */
async function rawServer(onRequest: (socket: net.Socket, n: number) => void): Promise<{ url: string; connections: () => number; requests: () => number; close: () => Promise<void> }> {
  let connections = 0;
  let requests = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let buffered = '';
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('latin1');
      // Every request here is a head plus a 1-byte body ("x").
      while (buffered.includes('\r\n\r\n') && buffered.length >= buffered.indexOf('\r\n\r\n') + 5) {
        buffered = buffered.slice(buffered.indexOf('\r\n\r\n') + 5);
        requests += 1;
        onRequest(socket, requests);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    connections: () => connections,
    requests: () => requests,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const OK = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok';

describe('node HTTP client on kept connections', () => {
  it('sends requests one after another on one connection', async () => {
    const raw = await rawServer((socket) => socket.write(OK));
    try {
      const client = createNodeHttpClient();
      for (let n = 0; n < 3; n += 1) expect(await client.send({ method: 'POST', url: raw.url, body: 'x' })).toMatchObject({ kind: 'response', status: 200, body: 'ok' });
      expect(raw.connections()).toBe(1);
    } finally {
      await raw.close();
    }
  });

  it('answers no_answer, never not_sent, when the server closes a kept connection as the request is written on it, and does not send it again', async () => {
    // The first request is answered; the second arrives on the kept connection and the server
    // closes it without answering: the bytes reached it, so whether it acted is unknown.
    const raw = await rawServer((socket, n) => (n === 1 ? socket.write(OK) : socket.destroy()));
    try {
      const client = createNodeHttpClient();
      expect(await client.send({ method: 'POST', url: raw.url, body: 'x' })).toMatchObject({ kind: 'response', status: 200 });
      expect(await client.send({ method: 'POST', url: raw.url, body: 'x' })).toMatchObject({ kind: 'no_answer', reason: 'reset' });
      expect(raw.connections()).toBe(1);
      expect(raw.requests()).toBe(2);
    } finally {
      await raw.close();
    }
  });

  it('does not reuse a kept connection the server has closed: the next request goes out on a new one and is answered', async () => {
    let first: net.Socket | null = null;
    const raw = await rawServer((socket, n) => {
      socket.write(OK);
      if (n === 1) first = socket;
    });
    try {
      const client = createNodeHttpClient();
      expect(await client.send({ method: 'POST', url: raw.url, body: 'x' })).toMatchObject({ kind: 'response' });
      // The server ends the idle connection; the client hears it before the next request.
      const closed = new Promise((resolve) => first!.once('close', resolve));
      first!.end();
      await closed;
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await client.send({ method: 'POST', url: raw.url, body: 'x' })).toMatchObject({ kind: 'response', status: 200, body: 'ok' });
      expect(raw.connections()).toBe(2);
    } finally {
      await raw.close();
    }
  });
});
