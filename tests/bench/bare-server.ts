import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The baseline for the licence bench: bare node:http answering every request with a fixed JSON
 * body of the given size, with the same keep-alive and accept-queue settings as the licence server. Prints its
 * port on stdout.
 */
const size = Number(process.argv[2] ?? '600');
const body = Buffer.from(`{"p":"${'x'.repeat(Math.max(0, size - 8))}"}`);
const server = http.createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
    response.end(body);
  });
});
server.keepAliveTimeout = 75_000;
server.requestTimeout = 30_000;
server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, () => process.stdout.write(`${(server.address() as AddressInfo).port}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
