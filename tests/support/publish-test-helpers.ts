import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PublishRequest } from '../../electron/core/platforms/platform-adapter';

/** An http:// base URL nothing listens on (bound once, then closed): a refused connection. */
export async function refusedBaseUrl(): Promise<string> {
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** A publish request with the given text for the given account, as the engine builds it. */
export function publishRequest(overrides: Partial<PublishRequest> & Pick<PublishRequest, 'accountId' | 'accessToken'>): PublishRequest {
  return { text: 'Fresh sourdough out of the oven at 7am', title: null, media: [], authorId: null, ...overrides };
}
