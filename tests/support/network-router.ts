import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * One API host in front of several fakes (e.g. LinkedIn's posts and its statistics), recording
 * the order requests arrived in. `offline()` stops listening so nothing can be sent (the HTTP
 * port reports `not_sent`), `online()` listens again on the same port.
 */
export class NetworkRouter {
  readonly order: string[] = [];
  port = 0;
  readonly #route: (method: string, path: string) => string;
  #server: http.Server;

  /** `route` names the fake's base URL for a request. */
  constructor(route: (method: string, path: string) => string) {
    this.#route = route;
    this.#server = this.#create();
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.port = (this.#server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async offline(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async online(): Promise<void> {
    this.#server = this.#create();
    await new Promise<void>((resolve) => this.#server.listen(this.port, '127.0.0.1', resolve));
  }

  #create(): http.Server {
    return http.createServer((req, res) => {
      const path = req.url?.split('?')[0] ?? '/';
      this.order.push(`${req.method} ${path}`);
      const target = new URL(this.#route(req.method ?? 'GET', path));
      const upstream = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      req.pipe(upstream);
    });
  }
}
