import { describe, expect, it } from 'vitest';
import type { HttpResult } from '../../electron/core/ports/http-client';
import { XMediaWindowSpent, XMediaWindows } from '../../electron/core/platforms/x-media-windows';

// The X adapter's media windows (x-media-windows.ts): the engine's rule for POST /2/tweets
// (rate-windows.ts), applied per account and media endpoint across targets uploading at once.

const NOW = 1_800_000_000_000;
const RESET_S = NOW / 1000 + 900;
const answer = (remaining: number, limit = 5): HttpResult => ({
  kind: 'response',
  status: 200,
  headers: { 'x-rate-limit-limit': String(limit), 'x-rate-limit-remaining': String(remaining), 'x-rate-limit-reset': String(RESET_S) },
  body: '{}',
});

/** A request the test answers when it likes; `sent` says whether it left. */
function pending() {
  let answerWith: (result: HttpResult) => void = () => {};
  const state = { sent: false };
  const send = () => {
    state.sent = true;
    return new Promise<HttpResult>((resolve) => (answerWith = resolve));
  };
  return { state, send, answer: (result: HttpResult) => answerWith(result) };
}
const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('X media windows', () => {
  it('sends one request at a time to an endpoint before its first answer, then as many as the window has left', async () => {
    const windows = new XMediaWindows();
    const [a, b, c] = [pending(), pending(), pending()];
    const first = windows.send('acct', 'append', () => NOW, undefined, a.send);
    const second = windows.send('acct', 'append', () => NOW, undefined, b.send);
    await turn();
    expect([a.state.sent, b.state.sent]).toEqual([true, false]);
    a.answer(answer(1));
    await first;
    await turn();
    expect(b.state.sent).toBe(true);
    // One left and one awaiting: a third waits for that answer rather than spending a 429.
    const third = windows.send('acct', 'append', () => NOW, undefined, c.send);
    await turn();
    expect(c.state.sent).toBe(false);
    b.answer(answer(0));
    await second;
    await expect(third).rejects.toEqual(new XMediaWindowSpent('append', RESET_S * 1000));
    expect(c.state.sent).toBe(false);
  });

  it('keeps each endpoint and account apart, and sends again once the window has reset', async () => {
    const windows = new XMediaWindows();
    let now = NOW;
    await windows.send('acct', 'initialize', () => now, undefined, async () => answer(0));
    await expect(windows.send('acct', 'initialize', () => now, undefined, async () => answer(0))).rejects.toBeInstanceOf(XMediaWindowSpent);
    await expect(windows.send('acct', 'finalize', () => now, undefined, async () => answer(4))).resolves.toMatchObject({ status: 200 });
    await expect(windows.send('other', 'initialize', () => now, undefined, async () => answer(4))).resolves.toMatchObject({ status: 200 });
    now = RESET_S * 1000;
    await expect(windows.send('acct', 'initialize', () => now, undefined, async () => answer(4))).resolves.toMatchObject({ status: 200 });
  });

  it("a 429 spends the endpoint's window until its reset even when its headers do not say remaining 0, so no other upload earns another", async () => {
    const windows = new XMediaWindows();
    const limited = (headers: Record<string, string>): HttpResult => ({ kind: 'response', status: 429, headers, body: '{}' });
    await windows.send('acct', 'append', () => NOW, undefined, async () => limited({ 'retry-after': '120' }));
    await expect(windows.send('acct', 'append', () => NOW, undefined, async () => answer(4))).rejects.toEqual(new XMediaWindowSpent('append', NOW + 120_000));
    await windows.send('acct', 'finalize', () => NOW, undefined, async () => limited({ 'x-rate-limit-limit': '5', 'x-rate-limit-remaining': '3', 'x-rate-limit-reset': String(RESET_S) }));
    await expect(windows.send('acct', 'finalize', () => NOW, undefined, async () => answer(4))).rejects.toEqual(new XMediaWindowSpent('finalize', RESET_S * 1000));
    // Other endpoints, and the same one after its reset, go on.
    await expect(windows.send('acct', 'status', () => NOW, undefined, async () => answer(4))).resolves.toMatchObject({ status: 200 });
    await expect(windows.send('acct', 'append', () => NOW + 120_000, undefined, async () => answer(4))).resolves.toMatchObject({ status: 200 });
  });

  it('a request waiting for room is not sent when the app quits', async () => {
    const windows = new XMediaWindows();
    const a = pending();
    const quit = new AbortController();
    void windows.send('acct', 'status', () => NOW, undefined, a.send);
    const waiting = windows.send('acct', 'status', () => NOW, quit.signal, async () => answer(4));
    quit.abort();
    await expect(waiting).resolves.toMatchObject({ kind: 'not_sent', reason: 'aborted' });
  });
});
