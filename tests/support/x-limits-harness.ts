import { afterEach } from 'vitest';
import { FakeXApi, type FakeXApiOptions } from '../fakes/platforms/fake-x-api';
import { publishingHarness } from './media-publishing-harness';

// X's posting limits through the real core and X adapter. Unlike `mediaPublishingHarness` (one
// fake per file), each test starts its own strict FakeXApi with the limits it needs (smaller
// windows, a spent day, media endpoint limits…), so no window or day leaks from one test into
// the next. Each test file keeps only its fake's options, its posts and its checks.

/** The fake's one valid access token; the seeded X connection holds it. */
export const X_TOKEN = 'x-token';

export interface XLimitsOptions {
  /** The temporary data folder's prefix, so a folder left behind says which test made it. */
  dataPrefix: string;
  /** How far `advanceUntil` moves simulated time per step unless told. */
  advanceStepMs?: number;
}

/**
 * Registers the hooks (per test: fresh time and data folder; after it, the app closed, then the
 * test's fake stopped) and returns `publishingHarness`'s helpers for X plus the per-test fake.
 * Call it once at a test file's top level; each test calls `fakeX` before seeding.
 */
export function xLimitsHarness(options: XLimitsOptions) {
  let x: FakeXApi | null = null;
  // Registered before the app's hook: vitest runs afterEach hooks last-registered first, so the app closes before its fake stops.
  afterEach(async () => {
    await x?.stop();
    x = null;
  });
  const harness = publishingHarness({
    platform: 'x',
    token: X_TOKEN,
    dataPrefix: options.dataPrefix,
    ...(options.advanceStepMs === undefined ? {} : { advanceStepMs: options.advanceStepMs }),
    env: () => ({ AGENCYIQ_PUBLISH_X_URL: extra.x.url, AGENCYIQ_PUBLISH_TIMEOUT_MS: '2000' }),
  });

  const extra = {
    /** This test's fake X; started by `fakeX`. */
    get x(): FakeXApi {
      if (x === null) throw new Error('Start the fake with fakeX() first.');
      return x;
    },
    /** Starts this test's fake X with `fakeOptions` (its limits); its clock reads the test's simulated time. */
    fakeX: async (fakeOptions: Partial<FakeXApiOptions> = {}): Promise<FakeXApi> => {
      x = await new FakeXApi({ isValidToken: (token) => token === X_TOKEN, clock: { now: () => harness.time.now() }, ...fakeOptions }).start();
      return x;
    },
    /** The requests X received to paths matching `pattern`, in order. */
    requests: (pattern: RegExp) => extra.x.requests.filter((r) => pattern.test(r.path)),
    /** The HTTP status X answered each of those with (0 where it dropped the connection). */
    answers: (pattern: RegExp) => extra.requests(pattern).map((r) => ('status' in r.answer ? r.answer.status : 0)),
    /** The posts on X with this text (a post published twice shows up twice). */
    published: (text: string) => extra.x.posts.filter((p) => p.text === text),
  };
  // Defined onto the harness (not spread), so its getters (time, dataDir, x) stay live.
  return Object.defineProperties(harness, Object.getOwnPropertyDescriptors(extra)) as typeof harness & typeof extra;
}
