import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createNodeHttpClient } from '../../electron/core/http/node-http-client';
import { multipartBody } from '../../electron/core/http/multipart-body';

// Upload bodies streamed from disk: the bytes that arrive are exactly the parts asked for, a file
// that cannot be read is found before anything leaves (not_sent), a connection lost mid-body is
// no_answer, and the client reads the file only as fast as the connection takes it.

let dir: string;
let server: http.Server | null = null;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agencyiq-stream-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
afterEach(async () => {
  const s = server;
  server = null;
  if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
});

async function listen(handler: http.RequestListener): Promise<{ url: string; connections: () => number }> {
  let connections = 0;
  server = http.createServer(handler);
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, connections: () => connections };
}

function writeFile(name: string, bytes: Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return file;
}

describe('streamed request bodies', () => {
  it('sends bytes and a file range in order, with the exact Content-Length, reporting progress to the last byte', async () => {
    const content = randomBytes(3 * 1024 * 1024 + 17);
    const file = writeFile('video.mp4', content);
    let received: Buffer = Buffer.alloc(0);
    let length = '';
    const { url } = await listen((req, res) => {
      length = req.headers['content-length'] ?? '';
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received = Buffer.concat(chunks);
        res.writeHead(204).end();
      });
    });
    const progress: number[] = [];
    const start = 1000;
    const size = 2 * 1024 * 1024;
    const result = await createNodeHttpClient().send({
      method: 'PUT',
      url: `${url}/upload`,
      body: { parts: [Buffer.from('head-'), { file, start, length: size }, Buffer.from('-tail')] },
      onBodyProgress: (sent) => progress.push(sent),
    });
    expect(result).toMatchObject({ kind: 'response', status: 204 });
    const expected = Buffer.concat([Buffer.from('head-'), content.subarray(start, start + size), Buffer.from('-tail')]);
    expect(length).toBe(String(expected.byteLength));
    expect(received.equals(expected)).toBe(true);
    expect(progress.at(-1)).toBe(expected.byteLength);
  });

  it('a multipart body carries its fields and the file part byte for byte', async () => {
    const content = randomBytes(70_000);
    const file = writeFile('chunk.bin', content);
    let seen: { type: string; body: Buffer } | null = null;
    const { url } = await listen((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        seen = { type: req.headers['content-type'] ?? '', body: Buffer.concat(chunks) };
        res.writeHead(204).end();
      });
    });
    const form = multipartBody([
      { name: 'segment_index', value: '3' },
      { name: 'media', filename: 'blob', contentType: 'application/octet-stream', content: { file, start: 0, length: content.length } },
    ]);
    await createNodeHttpClient().send({ method: 'POST', url, headers: { 'content-type': form.contentType }, body: form.body });
    const parsed = await new Response(new Blob([new Uint8Array(seen!.body)]), { headers: { 'content-type': seen!.type } }).formData();
    expect(parsed.get('segment_index')).toBe('3');
    const media = parsed.get('media') as File;
    expect(Buffer.from(await media.arrayBuffer()).equals(content)).toBe(true);
  });

  it('a missing file or a range past its end: not_sent, and no connection is made', async () => {
    const { url, connections } = await listen((_req, res) => res.writeHead(204).end());
    const short = writeFile('short.bin', randomBytes(10));
    const missing = await createNodeHttpClient().send({ method: 'PUT', url, body: { parts: [{ file: path.join(dir, 'gone.mp4'), start: 0, length: 5 }] } });
    const past = await createNodeHttpClient().send({ method: 'PUT', url, body: { parts: [{ file: short, start: 4, length: 7 }] } });
    expect(missing).toMatchObject({ kind: 'not_sent', reason: 'bad_request' });
    expect(past).toMatchObject({ kind: 'not_sent', reason: 'bad_request' });
    expect(connections()).toBe(0);
  });

  it('the connection breaks while the body is being sent: no_answer (the server may have read part of it)', async () => {
    const file = writeFile('big.bin', randomBytes(8 * 1024 * 1024));
    const { url } = await listen((req) => {
      let got = 0;
      req.on('data', (chunk: Buffer) => {
        got += chunk.byteLength;
        if (got > 256 * 1024) req.socket.destroy();
      });
    });
    const result = await createNodeHttpClient().send({ method: 'PUT', url, body: { parts: [{ file, start: 0, length: 8 * 1024 * 1024 }] } });
    expect(result).toMatchObject({ kind: 'no_answer', reason: 'reset' });
  });

  it('reads the file only as fast as the connection takes it (a slow server holds the client back)', async () => {
    const total = 48 * 1024 * 1024;
    const file = writeFile('huge.bin', Buffer.alloc(total, 7));
    let paused!: () => void;
    const stalled = new Promise<void>((resolve) => (paused = resolve));
    const { url } = await listen((req) => {
      let got = 0;
      req.on('data', (chunk: Buffer) => {
        got += chunk.byteLength;
        if (got >= 1024 * 1024) {
          req.pause();
          paused();
        }
      });
    });
    let sent = 0;
    const sending = createNodeHttpClient({ timeoutMs: 5_000 }).send({ method: 'PUT', url, body: { parts: [{ file, start: 0, length: total }] }, onBodyProgress: (n) => (sent = n) });
    await stalled;
    // However long the server holds it, the client has handed over no more than the socket buffers take.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sent).toBeLessThan(16 * 1024 * 1024);
    server!.closeAllConnections();
    expect((await sending).kind).toBe('no_answer');
  });
});
