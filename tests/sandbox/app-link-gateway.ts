import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** Where the gateway takes an `agencyiq://` link from the browser and hands it to the app. */
export const OPEN_APP_LINK_PATH = '/__sandbox/open-app-link';
const APP_LINK = /^agencyiq:\/\/[\x21-\x7e]{1,4000}$/;
const MAX_HTML_BYTES = 1024 * 1024;

export interface AppLinkGateway {
  /** `http://127.0.0.1:<port>`: use it wherever a browser would reach the upstream. */
  url: string;
  close(): Promise<void>;
}

export interface AppLinkGatewayOptions {
  /** The server the browser really talks to, e.g. the licence server. */
  upstream: string;
  /** Hands an `agencyiq://` link to the app, as the OS would (the browser host reads them on stdin). */
  deliver(link: string): void;
}

/**
 * The sandbox's stand-in for the operating system's `agencyiq://` handler. On a computer with
 * the app installed, a page that redirects or links to `agencyiq://…` opens the app; a browser
 * tab next to the browser host cannot. So the browser reaches the licence server and X's sign-in
 * through this proxy, which forwards everything unchanged except that a redirect to, or a link
 * to, `agencyiq://…` becomes a visit to `OPEN_APP_LINK_PATH` here, which delivers the link to the
 * app and says so. The app's code is untouched: it receives the very link the server wrote.
 */
export async function startAppLinkGateway(options: AppLinkGatewayOptions): Promise<AppLinkGateway> {
  const upstream = new URL(options.upstream);
  const sockets = new Set<Socket>();
  let self = '';
  const viaGateway = (link: string) => `${self}${OPEN_APP_LINK_PATH}?link=${encodeURIComponent(link)}`;

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === OPEN_APP_LINK_PATH) return openAppLink(url.searchParams.get('link'), res);
    const forward = http.request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
      (answer) => {
        const headers = { ...answer.headers };
        if (typeof headers.location === 'string' && headers.location.startsWith('agencyiq:')) headers.location = viaGateway(headers.location);
        if (!(headers['content-type'] ?? '').startsWith('text/html')) {
          res.writeHead(answer.statusCode ?? 502, headers);
          answer.pipe(res);
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        answer.on('data', (chunk: Buffer) => {
          size += chunk.byteLength;
          if (size <= MAX_HTML_BYTES) chunks.push(chunk);
        });
        answer.on('end', () => {
          const html = Buffer.concat(chunks)
            .toString('utf8')
            .replace(/href="(agencyiq:[^"]*)"/g, (_all, link: string) => `href="${escapeAttribute(viaGateway(unescapeAttribute(link)))}"`);
          delete headers['content-length'];
          delete headers['transfer-encoding'];
          res.writeHead(answer.statusCode ?? 502, { ...headers, 'content-length': String(Buffer.byteLength(html)) });
          res.end(html);
        });
      },
    );
    forward.on('error', (error) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`The sandbox could not reach ${upstream.origin}: ${error.message}`);
    });
    req.pipe(forward);
  });

  const openAppLink = (link: string | null, res: http.ServerResponse) => {
    if (link === null || !APP_LINK.test(link)) {
      page(res, 400, '<h1>That is not an AgencyIQ link.</h1>');
      return;
    }
    options.deliver(link);
    page(
      res,
      200,
      '<h1>Back to AgencyIQ</h1>' +
        '<p>On a computer with AgencyIQ installed, your browser would now open the app with this link. ' +
        'The sandbox has handed it to the app for you.</p>' +
        // The link's query carries a one-time code or handoff: name the link, never show those.
        `<p><code>${escapeHtml(link.split('?')[0]!)}</code></p>` +
        '<p>Switch back to the AgencyIQ tab; this one can be closed.</p>',
    );
  };

  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  self = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: self,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function page(res: http.ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>AgencyIQ sandbox</title><style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5}button{font:inherit;padding:.4rem 1.2rem}</style></head><body>' +
      '<p style="background:#fff4ce;padding:.4rem 1rem;font-weight:600">Sandbox — nothing leaves this computer</p>' +
      `${body}</body></html>`,
  );
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const escapeAttribute = escapeHtml;

function unescapeAttribute(text: string): string {
  return text.replace(/&amp;/g, '&').replace(/&#(\d+);/g, (_all, code: string) => String.fromCharCode(Number(code)));
}
