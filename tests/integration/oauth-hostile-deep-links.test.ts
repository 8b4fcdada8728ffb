import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveInBrowser, openOAuthTestCore, startOAuthFakes, type OAuthFakes, type OAuthTestCore } from '../support/oauth-harness';

// 1,000 generated malformed or hostile agencyiq:// links arrive while an X sign-in is waiting.
// None may crash the core, change the database, spend a token request or disturb the waiting
// flow: afterwards the owner's real callback still connects.

let fakes: OAuthFakes;
let t: OAuthTestCore;

beforeAll(async () => {
  fakes = await startOAuthFakes();
});
afterAll(async () => {
  await t?.core.close();
  await fakes.stop();
});

/** A small seeded PRNG (mulberry32) so a failure reproduces. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let r = Math.imul(a ^ (a >>> 15), 1 | a);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

function generateLinks(count: number, realState: string, realCode: string): string[] {
  const random = prng(0xa9e1c1);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const token = (n: number) => crypto.createHash('sha256').update(String(random())).digest('base64url').slice(0, n);
  const hostileChunks = ['%00', '%0d%0a', '\r\n', '\u202e', 'ｘ', '%252e', '../', '@evil.example', ':8080', '#frag', '"><script>', "';DROP TABLE connections;--", '%', '&&', '==', '\u0000', ' ', '\t'];
  const templates: Array<() => string> = [
    // Well-formed callbacks with states the app never issued (the most realistic attack).
    () => `agencyiq://oauth/x?code=${token(40)}&state=${token(43)}`,
    () => `agencyiq://oauth/x?state=${token(43)}&code=${realCode}`,
    () => `agencyiq://oauth/x?error=access_denied&state=${token(43)}`,
    () => `agencyiq://oauth/x?error=server_error&error_description=${encodeURIComponent('Try again')}&state=${token(43)}`,
    // Near misses of the real state.
    () => `agencyiq://oauth/x?code=${token(30)}&state=${realState.slice(0, -1)}`,
    () => `agencyiq://oauth/x?code=${token(30)}&state=${realState}A`,
    () => `agencyiq://oauth/x?code=${token(30)}&state=${realState.toUpperCase()}`,
    () => `agencyiq://oauth/x?code=${token(30)}&state=${realState.replace(/[A-Z]/, '%25')}`,
    // The real state, but in a shape that must not parse.
    () => `agencyiq://oauth/x?code=${token(30)}&state=${realState}&state=${token(43)}`,
    () => `agencyiq://oauth/x?code=${token(30)}&code=${token(30)}&state=${realState}`,
    () => `agencyiq://oauth/facebook?code=${token(30)}&state=${realState}`,
    () => `agencyiq://oauth/youtube?code=${token(30)}&state=${realState}`,
    () => `agencyiq://oauth/x/../x?code=${token(30)}&state=${realState}`,
    () => `AGENCYIQ://oauth/x?code=${token(30)}&state=${realState}`,
    () => `agencyiq://oauth/x?code=${token(30)}&state=${realState}&error=access_denied`,
    () => `agencyiq://oauth/x?code=&state=${realState}`,
    () => `agencyiq://oauth/x?state=${realState}`,
    () => `agencyiq://oauth/x?code=${token(30)}&state=${realState}#access_token=${token(20)}`,
    () => `agencyiq://user:pass@oauth/x?code=${token(30)}&state=${realState}`,
    () => `agencyiq://oauth:443/x?code=${token(30)}&state=${realState}`,
    // Relay handoffs nobody is waiting for.
    () => `agencyiq://oauth/complete?handoff=${token(32)}`,
    () => `agencyiq://oauth/complete?handoff=${token(32)}&state=${realState}`,
    // Other hosts, paths and plain garbage.
    () => `agencyiq://licence/success?session_id=cs_test_${token(20).replace(/[-_]/g, 'a')}`,
    () => `agencyiq://drafts/${crypto.randomUUID()}`,
    () => `agencyiq://${token(8)}/${token(8)}?${token(4)}=${token(8)}`,
    () => `agencyiq://oauth/x?${Array.from({ length: 12 }, () => `${token(3)}=${token(3)}`).join('&')}`,
    () => `agencyiq://oauth/x?code=${'A'.repeat(3000)}&state=${realState}`,
    () => `javascript:alert(1)//agencyiq://oauth/x?code=a&state=${realState}`,
    () => `https://evil.example/agencyiq://oauth/x?code=${token(30)}&state=${realState}`,
    // Random corruption of a callback. (It carries a guessed state: a well-formed callback with the
    // real state is, by definition, the owner's own answer, which consumes the flow once.)
    () => {
      const base = `agencyiq://oauth/x?code=${token(30)}&state=${token(43)}`;
      const at = Math.floor(random() * base.length);
      return base.slice(0, at) + pick(hostileChunks) + base.slice(at);
    },
    () => Array.from({ length: 1 + Math.floor(random() * 200) }, () => String.fromCharCode(Math.floor(random() * 0x3000))).join(''),
  ];
  return Array.from({ length: count }, () => pick(templates)());
}

function snapshot(): string {
  const sqlite = t.core.database.sqlite;
  const tables = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'posts_fts_%' ORDER BY name").all() as Array<{ name: string }>;
  return JSON.stringify(tables.map(({ name }) => [name, sqlite.prepare(`SELECT * FROM "${name}"`).all()]));
}

describe('hostile deep links while a sign-in is waiting', () => {
  it('none crashes, none changes state, and the waiting flow still completes', async () => {
    t = await openOAuthTestCore(fakes.env);
    await t.core.handlers['connections.connect']({ platform: 'x' });
    const realCallback = new URL(await approveInBrowser(t.shell.opened.at(-1)!));
    const realState = realCallback.searchParams.get('state')!;
    const realCode = realCallback.searchParams.get('code')!;
    const links = generateLinks(1000, realState, realCode);
    expect(new Set(links).size).toBeGreaterThan(800);

    const before = snapshot();
    const tokenHitsBefore = fakes.servers.x.tokenEndpointHits();
    const outcomes = await Promise.allSettled(links.map((link) => t.core.openDeepLink(link)));
    expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(0);

    expect(snapshot()).toBe(before);
    expect(fakes.servers.x.tokenEndpointHits()).toBe(tokenHitsBefore);
    expect((await t.platform('x')).status.state).toBe('waiting_for_browser');
    expect(t.events.filter((e) => e.event === 'connections.changed')).toHaveLength(1); // the connect itself
    expect(t.logger.lines.filter((l) => l.startsWith('error'))).toEqual([]);

    await t.core.openDeepLink(realCallback.href);
    expect((await t.platform('x')).status).toMatchObject({ state: 'connected', displayName: '@paddosourdough' });
  });
});
