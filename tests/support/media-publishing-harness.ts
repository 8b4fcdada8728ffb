import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { Platform } from '@shared/domain/platform';
import { MediaLibrary } from '../../electron/core/media/media-library';
import type { Clock } from '../../electron/core/ports/clock';
import { silentLogger } from '../../electron/core/ports/logger';
import { openTestCore, tempDataDir, type TestCore } from './core-fixture';
import { billingPeriod, createLeaseSigner, DAY_MS } from './lease-signer';
import { seedConnection, seedLease, seedScheduledPost, SimulatedTime, waitUntil } from './publishing-fixture';

// The set-up every "publishing through the real core" integration test shares: per test
// simulated time, a fresh data folder, a seeded lease and connection, due posts with their files
// attached by the real MediaLibrary, and the app started on that folder. `mediaPublishingHarness`
// adds one strict platform fake on real HTTP for the whole file; `x-limits-harness.ts` a fresh
// fake per test. Each test file keeps only what differs: its fake, its posts and what it checks.

/** When each test's simulated time starts. */
export const T0 = Date.UTC(2026, 10, 26, 0, 0, 0);
/** The seeded lease: a cycle that began five days before T0, with room for every post a test makes. */
export const LEASE = { postsPerCycle: 27, ...billingPeriod(T0 - 5 * DAY_MS) };

/** A fake platform that listens on 127.0.0.1 between start and stop. */
interface StartableFake {
  start(): Promise<unknown>;
  stop(): Promise<void>;
}

/** One file the owner attached, and its alt text if they wrote one. */
export interface AttachedFile {
  bytes: Buffer;
  alt?: string;
  /** The name it is written under before the library takes it (`upload-<index>` unless given). */
  name?: string;
}

/** What a seeded post is: its text, its id and the one target the test publishes. */
export interface StartedPost {
  text: string;
  postId: string;
  targetId: string;
  connectionId: string;
}

/** The columns of a target every media test reads. */
export interface TargetRow {
  state: string;
  error_kind: string | null;
  last_error: string | null;
  platform_url: string | null;
  platform_post_id: string | null;
  next_attempt_at: number | null;
}

/** One post to seed: its text, when it is due, and the files the owner attached. */
export interface PostToSeed {
  text: string;
  dueAt: number;
  files?: readonly AttachedFile[];
}

export interface PublishingOptions {
  platform: Platform;
  /** The platform's one valid access token; the seeded connection holds it. */
  token: string;
  /** The fake's URL for the app (e.g. `AGENCYIQ_PUBLISH_X_URL`) and the publish timeout; read when the app starts. */
  env: () => Record<string, string>;
  /** The temporary data folder's prefix, so a folder left behind says which test made it. */
  dataPrefix: string;
  /** How far `advanceUntil` moves simulated time per step unless told (the platform's processing pace). */
  advanceStepMs?: number;
}

export interface MediaPublishingOptions<Fake extends StartableFake> extends Omit<PublishingOptions, 'env'> {
  /** Makes the file's fake (not yet started); `clock` always reads the current test's simulated time. */
  fake: (clock: Clock) => Fake;
  /** The fake's URL for the app (e.g. `AGENCYIQ_PUBLISH_X_URL`) and the publish timeout; read when the app starts. */
  env: (fake: Fake) => Record<string, string>;
}

/**
 * Registers the per-test hooks (fresh time, data folder and no app; the app closed and the folder
 * removed after it) and returns what the tests use. Call it once at a test file's top level.
 */
export function publishingHarness(options: PublishingOptions) {
  const signer = createLeaseSigner();
  let time = new SimulatedTime(T0);
  let data = { dir: '', remove: () => {} };

  const harness = {
    /** This test's simulated time (new per test); the fake's clock reads it too. */
    get time(): SimulatedTime {
      return time;
    },
    /** This test's data folder. */
    get dataDir(): string {
      return data.dir;
    },
    /** The running app; null before a test starts it or once a test has killed it. Closed after each test. */
    app: null as TestCore | null,

    /** The app's environment: the lease's public key, then the file's own (fake URL, timeout). */
    env: (): Record<string, string> => ({ AGENCYIQ_LICENCE_PUBLIC_KEY: signer.publicKeyRaw, ...options.env() }),

    /** The app without platform adapters, for seeding: nothing is published while files are added. */
    openForSeeding: (): Promise<TestCore> => openTestCore(harness.dataDir, { clock: harness.time, timers: harness.time, env: harness.env(), allowDevOverrides: true, platformAdapters: {} }),

    /** Starts the app on this test's data folder and makes it `app`. */
    open: async (): Promise<TestCore> => {
      harness.app = await openTestCore(harness.dataDir, { clock: harness.time, timers: harness.time, env: harness.env(), allowDevOverrides: true });
      return harness.app;
    },

    /** Stores the signed lease and the platform's connection (with the fake's token); returns the connection id. */
    seedAccount: async (seeding: TestCore): Promise<string> => {
      await seedLease(seeding.core.database.sqlite, signer, T0, LEASE);
      return seedConnection(seeding.core.connections.store, options.platform, { accessToken: options.token });
    },

    /** Attaches `files` to the post through the real MediaLibrary, as Compose does, alt text included. */
    attach: async (seeding: TestCore, postId: string, files: readonly AttachedFile[]): Promise<void> => {
      const library = new MediaLibrary(seeding.core.database.db, harness.dataDir, harness.time, silentLogger);
      for (const [index, file] of files.entries()) {
        const source = path.join(harness.dataDir, file.name ?? `upload-${index}`);
        fs.writeFileSync(source, file.bytes);
        const attachment = await library.add(postId, { path: source });
        if (file.alt !== undefined) await library.setAltText(attachment.id, file.alt);
      }
    },

    /**
     * Seeds posts on the platform with their files attached, in one run of the app that cannot
     * publish, and sets their due times last (so that run never takes one). The lease and the
     * connection are seeded the first time in a test; later calls (after a restart) reuse them.
     * `adjust` changes each seeded target first (its author, its title…). The app is not started.
     */
    seedPosts: async (posts: readonly PostToSeed[], adjust?: (seeding: TestCore, post: StartedPost) => void): Promise<StartedPost[]> => {
      const seeding = await harness.openForSeeding();
      const existing = (await seeding.core.connections.store.list()).find((c) => c.platform === options.platform);
      const connectionId = existing?.id ?? (await harness.seedAccount(seeding));
      const started: StartedPost[] = [];
      for (const { text, files = [] } of posts) {
        const seeded = seedScheduledPost(seeding.core.database.sqlite, { body: text, scheduledAt: harness.time.now() + DAY_MS, targets: [{ platform: options.platform, connectionId }] });
        const post = { text, postId: seeded.postId, targetId: seeded.targets[options.platform]!, connectionId };
        adjust?.(seeding, post);
        await harness.attach(seeding, post.postId, files);
        started.push(post);
      }
      // Due only now: the seeding run (no adapters) must not have taken them while the files were added.
      const due = seeding.core.database.sqlite.prepare('UPDATE posts SET scheduled_at = ? WHERE id = ?');
      for (const [index, post] of started.entries()) due.run(posts[index]!.dueAt, post.postId);
      await seeding.core.close();
      return started;
    },

    /** Seeds one post with `text` and `files` attached, due at T0, then starts the app. */
    startWithMedia: async (text: string, files: readonly AttachedFile[], adjust?: (seeding: TestCore, post: StartedPost) => void): Promise<StartedPost> => {
      const [post] = await harness.seedPosts([{ text, dueAt: T0, files }], adjust);
      await harness.open();
      return post!;
    },

    /** The target as the running app has it now. */
    row: (targetId: string): TargetRow =>
      harness.app!.core.database.sqlite.prepare('SELECT state, error_kind, last_error, platform_url, platform_post_id, next_attempt_at FROM post_targets WHERE id = ?').get(targetId) as TargetRow,

    /** True once the target reached a state the engine leaves it in by itself. */
    settled: (targetId: string) => (): boolean => ['published', 'failed', 'needs_check', 'needs_reconnect'].includes(harness.row(targetId).state),

    /** The media steps journalled for the target (what a restart carries on from). */
    stepsOf: (targetId: string): unknown[] => harness.app!.core.database.sqlite.prepare('SELECT step_key FROM publish_media_steps WHERE target_id = ?').pluck().all(targetId),

    /** Moves simulated time on in steps until `done`, so the engine's retries and the platform's processing happen. */
    advanceUntil: async (done: () => boolean, what: string, stepMs = options.advanceStepMs ?? 1_000, steps = 400): Promise<void> => {
      for (let i = 0; i < steps && !done(); i++) {
        harness.time.advance(stepMs);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      await waitUntil(done, what);
    },
  };

  beforeEach(() => {
    time = new SimulatedTime(T0);
    data = tempDataDir(options.dataPrefix);
    harness.app = null;
  });
  afterEach(async () => {
    await harness.app?.core.close();
    data.remove();
  });

  return harness;
}

/**
 * `publishingHarness` with one strict platform fake for the whole file: started before its
 * first test, stopped after its last; its clock reads whichever test's time is current.
 */
export function mediaPublishingHarness<Fake extends StartableFake>(options: MediaPublishingOptions<Fake>) {
  const harness = publishingHarness({ ...options, env: () => options.env(fake) });
  const fake = options.fake({ now: () => harness.time.now() });
  beforeAll(async () => {
    await fake.start();
  });
  afterAll(() => fake.stop());
  // Assigned onto the harness, so its getters (time, dataDir) stay live.
  return Object.assign(harness, { fake });
}
