import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { limitRequestsPerTurn } from '../../licence-server/http/fair-turns';

// The licence server's per-turn request limit (licence-server/http/fair-turns.ts) pauses and
// resumes keep-alive connections under load: every request must still be answered, in full.

const servers: http.Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

/** A keep-alive server echoing the request path, with the limit; counts connections paused by it. */
async function startServer(perTurn: number): Promise<{ url: string; paused: () => number }> {
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => response.end(JSON.stringify({ path: request.url })));
  });
  servers.push(server);
  let paused = 0;
  server.on('connection', (socket) => socket.on('pause', () => (paused += 1)));
  limitRequestsPerTurn(server, perTurn);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, paused: () => paused };
}

/** `clients` keep-alive connections, each sending `each` requests one after another. */
async function drive(url: string, clients: number, each: number): Promise<string[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const get = (path: string) =>
    new Promise<string>((resolve, reject) => {
      http
        .get(`${url}${path}`, { agent }, (response) => {
          let body = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (body += chunk));
          response.on('end', () => resolve(body));
        })
        .on('error', reject);
    });
  try {
    const answers = await Promise.all(
      Array.from({ length: clients }, async (_, client) => {
        const bodies: string[] = [];
        for (let i = 0; i < each; i++) bodies.push(await get(`/c${client}/r${i}`));
        return bodies;
      }),
    );
    return answers.flat();
  } finally {
    agent.destroy();
  }
}

describe('limitRequestsPerTurn', () => {
  it('answers every request on every connection when it makes busy connections wait their turn', async () => {
    const server = await startServer(2);
    const answers = await drive(server.url, 30, 6);
    const expected = Array.from({ length: 30 }, (_, c) => Array.from({ length: 6 }, (_, r) => JSON.stringify({ path: `/c${c}/r${r}` }))).flat();
    expect(answers).toEqual(expected);
    expect(server.paused()).toBeGreaterThan(0);
  });

  it('pauses nothing while a turn stays under the limit', async () => {
    const server = await startServer(1000);
    expect(await drive(server.url, 5, 3)).toHaveLength(15);
    expect(server.paused()).toBe(0);
  });
});
