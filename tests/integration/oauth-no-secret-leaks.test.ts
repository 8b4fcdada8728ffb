import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../electron/ipc/dispatcher';
import { approveInBrowser, secretsSeenBy, openOAuthTestCore, startOAuthFakes, type OAuthFakes, type OAuthTestCore } from '../support/oauth-harness';

// "No token or code appears in logs, the renderer, or IPC responses": a full connect of X
// (deep link) and YouTube (loopback), a refresh of each, a failed refresh and a disconnect,
// with every log line and every IPC answer and event kept — then searched for every secret the
// fake servers issued or received.

let fakes: OAuthFakes;
let t: OAuthTestCore;

beforeAll(async () => {
  fakes = await startOAuthFakes();
});
afterAll(async () => {
  await t?.core.close();
  await fakes.stop();
});

describe('secrets stay in the core', () => {
  it('no token, code or verifier in any log line, IPC response or event', async () => {
    t = await openOAuthTestCore(fakes.env);
    const dispatch = createDispatcher(t.core.handlers, t.logger);
    const responses: string[] = [];
    const call = async (channel: string, payload: unknown) => {
      const result = await dispatch(channel, payload);
      responses.push(JSON.stringify(result));
      return result;
    };

    await call('connections.connect', { platform: 'x' });
    await t.core.openDeepLink(await approveInBrowser(t.shell.opened.at(-1)!));
    await call('connections.list', {});

    const youtubeConnected = t.waitFor((o) => o.platforms.find((p) => p.platform === 'youtube')!.status.state === 'connected');
    await call('connections.connect', { platform: 'youtube' });
    await fetch(await approveInBrowser(t.shell.opened.at(-1)!));
    await youtubeConnected;

    const x = (await t.core.connections.store.byPlatform('x'))!;
    const youtube = (await t.core.connections.store.byPlatform('youtube'))!;
    t.clock.advance(2 * 60 * 60 * 1000);
    await t.core.connections.refresh.getAccessToken(x.id);
    await t.core.connections.refresh.getAccessToken(youtube.id);
    fakes.servers.x.failNextRefreshWith = { status: 503, body: { error: 'temporarily_unavailable' } };
    t.clock.advance(2 * 60 * 60 * 1000);
    await t.core.connections.refresh.getAccessToken(x.id).catch(() => {});
    // A replayed callback and a refused one are logged too.
    await call('connections.list', {});
    await call('connections.disconnect', { platform: 'youtube' });
    await call('connections.list', {});

    const secrets = secretsSeenBy([fakes.servers.x, fakes.servers.youtube]);
    // Enough material to make the search meaningful: 2 connects + 2 refreshes.
    expect(fakes.servers.x.issuedAccessTokens.size).toBeGreaterThanOrEqual(2);
    expect(fakes.servers.youtube.issuedAccessTokens.size).toBeGreaterThanOrEqual(2);
    expect(secrets.size).toBeGreaterThanOrEqual(10);

    const eventText = t.events.map((e) => JSON.stringify(e));
    const haystacks = { logs: t.logger.lines, ipc: responses, events: eventText };
    expect(t.logger.lines.length).toBeGreaterThan(5);
    expect(responses.length).toBeGreaterThan(4);
    expect(eventText.length).toBeGreaterThan(4);
    const hits: string[] = [];
    for (const [where, lines] of Object.entries(haystacks)) {
      for (const line of lines) for (const secret of secrets) if (line.includes(secret)) hits.push(`${where}: ${secret.slice(0, 6)}…`);
    }
    expect(hits).toEqual([]);
  });
});
