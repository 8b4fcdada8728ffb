import { describe, expect, it } from 'vitest';
import type { HttpHeaders } from '../../electron/core/ports/http-client';
import { classifyXRefusal, postingWindow } from '../../electron/core/platforms/x-answers';

// The X adapter's reading of POST /2/tweets' limits (x-answers.ts): the 15-minute window and the
// 24-hour ones X reports beside it. The engine follows the most restrictive; a header that is
// missing or unreadable is ignored, never guessed.

const NOW = 1_800_000_000_000;
const QUARTER_S = String(NOW / 1000 + 900);
const DAY_S = String(NOW / 1000 + 20 * 3600);
const APP_DAY_S = String(NOW / 1000 + 22 * 3600);
const quarter = (remaining: string): HttpHeaders => ({ 'x-rate-limit-limit': '100', 'x-rate-limit-remaining': remaining, 'x-rate-limit-reset': QUARTER_S });
const userDay = (remaining: string, reset = DAY_S, limit = '17'): HttpHeaders => ({ 'x-user-limit-24hour-limit': limit, 'x-user-limit-24hour-remaining': remaining, 'x-user-limit-24hour-reset': reset });
const appDay = (remaining: string): HttpHeaders => ({ 'x-app-limit-24hour-limit': '10000', 'x-app-limit-24hour-remaining': remaining, 'x-app-limit-24hour-reset': APP_DAY_S });
const QUARTER_WINDOW = { limit: 100, remaining: 98, resetAt: NOW + 900_000 };

describe('postingWindow: the most restrictive window of POST /2/tweets', () => {
  it.each<[string, HttpHeaders, ReturnType<typeof postingWindow>]>([
    ['only the 15-minute window', quarter('98'), QUARTER_WINDOW],
    ["the account's day with more left than the 15 minutes", { ...quarter('98'), ...userDay('99', DAY_S, '2400') }, QUARTER_WINDOW],
    ["the account's day with fewer left", { ...quarter('98'), ...userDay('3') }, { limit: 17, remaining: 3, resetAt: NOW + 20 * 3_600_000 }],
    ["the account's day spent, on any answer", { ...quarter('98'), ...userDay('0') }, { limit: 17, remaining: 0, resetAt: NOW + 20 * 3_600_000 }],
    ["the app's day spent", { ...quarter('98'), ...appDay('0') }, { limit: 10_000, remaining: 0, resetAt: NOW + 22 * 3_600_000 }],
    ['both days spent: the later reset', { ...quarter('0'), ...userDay('0'), ...appDay('0') }, { limit: 10_000, remaining: 0, resetAt: NOW + 22 * 3_600_000 }],
    ['a day without its reset is ignored', { ...quarter('98'), 'x-user-limit-24hour-limit': '17', 'x-user-limit-24hour-remaining': '0' }, QUARTER_WINDOW],
    ['a day without its limit is ignored', { ...quarter('98'), 'x-user-limit-24hour-remaining': '0', 'x-user-limit-24hour-reset': DAY_S }, QUARTER_WINDOW],
    ['a garbled day remaining is ignored', { ...quarter('98'), ...userDay('none') }, QUARTER_WINDOW],
    ['a negative day remaining is ignored', { ...quarter('98'), ...userDay('-1') }, QUARTER_WINDOW],
    ['a garbled day reset is ignored', { ...quarter('98'), ...userDay('0', 'tomorrow') }, QUARTER_WINDOW],
    ['a fractional day reset is ignored', { ...quarter('98'), ...userDay('0', `${DAY_S}.5`) }, QUARTER_WINDOW],
    ['only a day, when the 15-minute headers are garbled', { ...quarter('lots'), ...userDay('3') }, { limit: 17, remaining: 3, resetAt: NOW + 20 * 3_600_000 }],
    ['nothing readable: none', { ...quarter('lots'), ...userDay('x') }, null],
    ['no headers at all: none', {}, null],
  ])('%s', (_what, headers, window) => {
    expect(postingWindow(headers)).toEqual(window);
  });
});

describe("a 429 from POST /2/tweets waits for the spent day's reset", () => {
  const refusal = (headers: HttpHeaders) =>
    classifyXRefusal({ kind: 'response', status: 429, headers, body: JSON.stringify({ title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 }) }, NOW, 'post').outcome;

  it.each<[string, HttpHeaders, number, RegExp]>([
    ["the account's day spent: its reset, not the 15-minute one", { ...quarter('97'), ...userDay('0') }, NOW + 20 * 3_600_000, /^X's daily posting limit for this account was reached; the app tries again at 2027-01-16T04:00:00\.000Z\.$/],
    ["the app's day spent", { ...quarter('97'), ...appDay('0') }, NOW + 22 * 3_600_000, /^X's daily posting limit for AgencyIQ's X app \(all accounts\) was reached/],
    ['both spent: the later reset, in the account wording', { ...quarter('0'), ...userDay('0'), ...appDay('0') }, NOW + 22 * 3_600_000, /daily posting limit for this account/],
    ['a day with room left: the 15-minute reset', { ...quarter('0'), ...userDay('5') }, NOW + 900_000, /^X's posting limit was reached/],
    ['a spent day whose reset has passed: the 15-minute reset', { ...quarter('0'), ...userDay('0', String(NOW / 1000 - 60)) }, NOW + 900_000, /^X's posting limit was reached/],
    ['a garbled day: the 15-minute reset', { ...quarter('0'), ...userDay('0', 'soon') }, NOW + 900_000, /^X's posting limit was reached/],
  ])('%s', (_what, headers, retryAt, words) => {
    const outcome = refusal(headers);
    expect(outcome).toMatchObject({ kind: 'rate_limited', retryAt, scope: 'connection' });
    expect(outcome.kind === 'rate_limited' ? outcome.message : '').toMatch(words);
  });

  it('a media endpoint answer is not read for the posting day', () => {
    const outcome = classifyXRefusal({ kind: 'response', status: 429, headers: { ...quarter('0'), ...userDay('0') }, body: '{}' }, NOW, 'media').outcome;
    expect(outcome).toMatchObject({ kind: 'rate_limited', retryAt: NOW + 900_000, scope: 'media' });
  });
});
