import { PLATFORM_LABELS, type Platform } from '@shared/domain/platform';
import type { YouTubeSettings } from '@shared/platforms/youtube-settings';
import type { SyncDatabase } from '../db/sync-transaction';
import type { Happening } from '../notifications/happening';
import { RefreshUnavailableError } from '../connections/refresh-manager';
import type { MediaItem, PlatformAdapter, PublishResult, PublishSteps } from '../platforms/platform-adapter';
import { RateWindows } from '../platforms/rate-windows';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { Timers } from '../ports/timers';
import { WakeTimer } from '../ports/wake-timer';
import type { PublishingLease } from '../licence/quota-ledger';
import { ConnectionNeedsReconnectError } from '../connections/connection-store';
import { classifyOutcome, type TargetDecision } from './classify-outcome';
import { markMissedPosts } from './missed-posts';
import { currentBootIdentity } from './boot-identity';
import { OutboxStore, type ClaimResult, type DueTarget, type OutboxWrite, type OutcomeRecord, type Recorded, type TargetChange } from './outbox-store';
import { recoverInterrupted } from './recover-interrupted';
import { exponentialBackoff, type RetryPolicy } from './retry-policy';
import { WriteBatcher } from './write-batcher';
import { TargetMediaError } from './target-media';
import { UploadProgressGate, type TargetUploadProgress } from './upload-progress';

/** Where the engine gets tokens; the connections domain's RefreshManager. */
export interface PublishingTokens {
  getAccessToken(connectionId: string): Promise<string>;
  renewAfterRejection(connectionId: string, rejectedToken: string): Promise<string>;
  reportRefused(connectionId: string): Promise<void>;
}

export interface PublishingEngineDeps {
  database: SyncDatabase;
  clock: Clock;
  timers: Timers;
  logger: Logger;
  /** One adapter per platform; a platform without one cannot be published to (`not_connected`). */
  adapters: Partial<Record<Platform, PlatformAdapter>>;
  tokens: PublishingTokens;
  /** The verified lease publishing runs under; null: no plan, lapsed, or the clock was turned back. */
  lease(): Promise<PublishingLease | null>;
  /** How late a never-tried post may be before it counts as missed (the owner's preference). */
  missedAfterMs(): Promise<number>;
  /** Publishes in flight, so the updater and the quit guard wait for them. */
  tracker: { begin(): () => void };
  /** Every target transition (the `publishing.target-changed` event). */
  onTargetChanged(change: TargetChange): void;
  /** What the owner should hear about (notifications). */
  notify(happening: Happening): Promise<void>;
  /** The quota ledger moved: the plan's usage should be announced again. */
  onLedgerChanged(): void;
  retryPolicy?: RetryPolicy;
  /** Sends in flight at once (default 4). */
  concurrency?: number;
  /** The longest sleep, so a computer waking from sleep is noticed (default 5 minutes). */
  maxSleepMs?: number;
  /** This computer's boot identity (boot-identity.ts); tests pass their own. */
  boot?: string | null;
  /** Each target's media, prepared for its network (target-media.ts); absent: text only. */
  media?: { forTarget(postId: string, platform: Platform): Promise<MediaItem[]> };
  /** Each target's durable journal of media steps (media-steps-store.ts). */
  steps?: { forTarget(targetId: string): Promise<PublishSteps> };
  /** Media bytes sent for a target, at most once per whole percent (the `publishing.upload-progress` event). */
  onUploadProgress?(progress: TargetUploadProgress): void;
}

/** A target claimed durably, waiting for a free send slot, with the token read before its claim. */
interface ClaimedTarget {
  target: DueTarget;
  claim: Extract<ClaimResult, { kind: 'claimed' }>;
  token: string;
}

/** Sends in flight at once unless the domain says otherwise (the publish bench compares at this concurrency). */
export const DEFAULT_CONCURRENCY = 4;
const DEFAULT_MAX_SLEEP_MS = 5 * 60_000;
/**
 * Due targets claimed per durable transaction (one fsync). Claimed targets wait at most this
 * many sends for a slot; a restart of the computer while they wait makes them `needs_check`.
 */
const CLAIM_BATCH = 16;
/** After an unexpected error in a pass (the database busy), the engine looks again this much later. */
const PASS_ERROR_RETRY_MS = 30_000;
/** A target whose send failed for an unforeseen reason before it was claimed is looked at again this much later. */
const UNEXPECTED_ERROR_RETRY_MS = 60_000;
/** A token renewal that failed for an unforeseen reason: the refused send is tried again this much later. */
const RENEWAL_ERROR_RETRY_MS = 60_000;

/**
 * The one publishing engine: a durable outbox worker.
 *
 * It sleeps (Timers port) until the next due instant read from the database — capped, so a
 * laptop waking is noticed — and `wake()` re-arms it after any change. A pass first marks
 * missed posts (not sent), then starts due targets up to the concurrency bound. Each target is
 * claimed durably right before it is sent, the adapter's answer is classified and recorded in
 * one transaction; one target failing never stops the others. Nothing is ever sent for a target
 * whose outcome is unknown: it waits for the owner as `needs_check`.
 */
export class PublishingEngine {
  readonly #d: PublishingEngineDeps;
  readonly #store: OutboxStore;
  readonly #writes: WriteBatcher<OutboxWrite, ClaimResult | Recorded | null>;
  readonly #boot: string | null;
  readonly #policy: RetryPolicy;
  readonly #concurrency: number;
  readonly #maxSleepMs: number;
  /** Every launched target until its outcome is recorded. */
  readonly #inFlight = new Map<string, Promise<void>>();
  /** Requests out at the platforms now: the slots the concurrency bounds (freed before the outcome is written). */
  #sending = 0;
  /** Targets claimed in one durable transaction, sent as slots free up. */
  #queue: ClaimedTarget[] = [];
  /** Connections a rate limit holds, until when (the database holds the targets known then). */
  readonly #holds = new Map<string, number>();
  /** Each connection's request window as its platform last reported it (X's `x-rate-limit-*` headers). */
  readonly #windows = new RateWindows();
  /** The connection of each send awaiting its answer, to count them against the connection's window. */
  readonly #awaitingOn = new Map<string, string>();
  /** Connections a platform refused during this run: their claimed targets are not sent (re-checked first). */
  readonly #refused = new Set<string>();
  /** The newest token read or renewed per connection, for targets claimed with an older one. */
  readonly #latestTokens = new Map<string, string>();
  /** Connections whose "reconnect" the owner was already told about. */
  readonly #toldReconnect = new Set<string>();
  readonly #wakeTimer: WakeTimer;
  #pumping: Promise<void> | null = null;
  #again = false;
  #running = false;
  #stopped = false;
  /**
   * Passed to every request (`PublishRequest.signal`) and aborted when the engine stops (the app
   * quits): a request that had left becomes an unknown outcome (`needs_check`), one that had not
   * goes back to `scheduled` — the HTTP port's split, recorded like any other answer.
   */
  readonly #quitting = new AbortController();

  constructor(deps: PublishingEngineDeps) {
    this.#d = deps;
    this.#boot = deps.boot === undefined ? currentBootIdentity() : deps.boot;
    this.#wakeTimer = new WakeTimer(deps.timers, () => this.wake());
    this.#store = new OutboxStore(deps.database, { boot: this.#boot });
    this.#writes = new WriteBatcher((writes) => this.#store.write(writes));
    this.#policy = deps.retryPolicy ?? exponentialBackoff();
    this.#concurrency = Math.max(1, deps.concurrency ?? DEFAULT_CONCURRENCY);
    this.#maxSleepMs = deps.maxSleepMs ?? DEFAULT_MAX_SLEEP_MS;
  }

  /** Recovers what a previous run left mid-send (→ `needs_check`), then starts working. */
  async start(): Promise<void> {
    if (this.#running || this.#stopped) return;
    const recovered = await recoverInterrupted(this.#d.database, this.#d.clock.now(), this.#boot);
    const toCheck = recovered.filter((change) => change.state === 'needs_check').length;
    if (toCheck > 0) this.#d.logger.warn('Sends interrupted by the last stop need the owner to check them', { count: toCheck });
    for (const change of recovered) this.#report({ change, ledgerChanged: false }, null);
    this.#running = true;
    this.wake();
  }

  /** Something changed (a post scheduled, a retry): look at the outbox now. */
  wake(): void {
    if (!this.#running || this.#stopped) return;
    // Claimed targets take free slots at once, even while a pass is claiming the next batch.
    this.#launchQueued();
    if (this.#pumping !== null) {
      this.#again = true;
      return;
    }
    this.#pumping = this.#pump().finally(() => {
      this.#pumping = null;
    });
  }

  /** Stops taking new work, aborts the sends in flight (the app is quitting), gives back the claims not yet sent and waits for the outcomes to be recorded. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#running = false;
    this.#wakeTimer.clear();
    this.#quitting.abort();
    await this.#pumping;
    const unsent = this.#queue.map((queued) => queued.target.targetId);
    this.#queue = [];
    await this.#unclaim(unsent).catch((error: unknown) => {
      // They stay claimed; the next start puts them back (same boot) or asks the owner.
      this.#d.logger.warn('Giving back unsent claims failed', { error: errorText(error) });
    });
    await Promise.allSettled([...this.#inFlight.values()]);
  }

  async #pump(): Promise<void> {
    do {
      this.#again = false;
      this.#wakeTimer.clear();
      try {
        await this.#pass();
      } catch (error) {
        this.#d.logger.error('A publishing pass failed; trying again shortly', { error: errorText(error) });
        this.#arm(PASS_ERROR_RETRY_MS);
      }
    } while (this.#again && !this.#stopped);
  }

  async #pass(): Promise<void> {
    this.#launchQueued();
    // Claim the next batch while the last sends of this one are still out, so no slot waits.
    if (this.#queue.length < this.#concurrency && !this.#stopped) {
      await this.#refill();
      this.#launchQueued();
    }
    // With every slot busy (or claimed targets still queued), the next finished send wakes the engine.
    if (this.#stopped || this.#sending >= this.#concurrency || this.#queue.length > 0) return;
    const next = await this.#store.nextDueAt(new Set(this.#inFlight.keys()));
    this.#arm(next === null ? this.#maxSleepMs : Math.min(this.#maxSleepMs, Math.max(0, next - this.#d.clock.now())));
  }

  #launchQueued(): void {
    const waiting: ClaimedTarget[] = [];
    while (this.#sending < this.#concurrency && !this.#stopped) {
      const queued = this.#queue.shift();
      if (queued === undefined) break;
      // The window has no request left for another send beside those awaiting answers: wait for them.
      if (!this.#windowHasRoom(queued.target)) waiting.push(queued);
      else this.#launch(queued);
    }
    this.#queue.unshift(...waiting);
  }

  /**
   * Whether one more send fits the connection's window (as its platform last reported it) beside
   * the sends awaiting answers on it. Those are counted as spent, whether or not the last answer
   * included them, so the engine never sends a request that can only get a 429. A connection
   * with nothing awaiting always may: its send then meets the hold, if any.
   */
  #windowHasRoom(target: DueTarget): boolean {
    const connectionId = target.connection?.id;
    if (connectionId === undefined) return true;
    const awaiting = [...this.#awaitingOn.values()].filter((id) => id === connectionId).length;
    return this.#windows.hasRoom(connectionId, awaiting, this.#d.clock.now(), this.#d.adapters[target.platform]?.reportsRateLimit === true);
  }

  /**
   * Marks missed posts, reads the next due targets in due order, settles those that cannot be
   * sent (no connection, a held connection, a sign-in that is gone) and claims the rest in ONE
   * durable transaction — one fsync for the batch, before any of its sends starts. A target that
   * someone changed meanwhile (unscheduled, deleted) is simply not claimed: the claim checks it
   * is still due.
   */
  async #refill(): Promise<void> {
    const { clock } = this.#d;
    const now = clock.now();
    const missed = await markMissedPosts(this.#d.database, now, await this.#d.missedAfterMs());
    if (missed.postIds.length > 0) {
      this.#d.logger.info('Posts missed while AgencyIQ was not running wait for the owner', { count: missed.postIds.length });
      for (const change of missed.changes) this.#d.onTargetChanged(change);
      void this.#d.notify({ kind: 'missed', count: missed.postIds.length });
    }
    if (this.#stopped) return;
    const skip = new Set([...this.#inFlight.keys(), ...this.#queue.map((queued) => queued.target.targetId)]);
    const due = await this.#store.dueTargets(now, CLAIM_BATCH, skip);
    if (due.length === 0) return;

    // Publishing is under way from here (the claim included): the updater, the quit guard and the
    // results collector wait for it, so nothing competes with a post on its way out.
    const end = this.#d.tracker.begin();
    try {
      await this.#claimBatch(due);
    } finally {
      end();
    }
  }

  /** Claims the due targets that can be sent, in one durable transaction, and queues them. */
  async #claimBatch(due: DueTarget[]): Promise<void> {
    const { clock } = this.#d;
    const sendable: Array<{ target: DueTarget; token: string }> = [];
    const tokens = new Map<string, Promise<string>>();
    for (const target of due) {
      if (this.#stopped) return;
      try {
        const token = await this.#readyToSend(target, tokens);
        if (token !== null) sendable.push({ target, token });
      } catch (error) {
        this.#d.logger.error('Publishing one target failed unexpectedly', { platform: target.platform, error: errorText(error) });
        // Not claimed (still `scheduled`): look again later rather than at once, so one broken
        // target cannot spin the engine.
        await this.#store.defer(target.targetId, clock.now() + UNEXPECTED_ERROR_RETRY_MS, clock.now()).catch(() => {});
      }
    }
    if (sendable.length === 0 || this.#stopped) return;

    const lease = await this.#d.lease();
    const claimedAt = clock.now();
    const answers = await this.#store.write(sendable.map(({ target }) => ({ kind: 'claim', claim: { targetId: target.targetId, now: claimedAt, lease } })));
    const claimed: ClaimedTarget[] = [];
    answers.forEach((answer, index) => {
      const { target, token } = sendable[index]!;
      if (!answer.ok) {
        this.#d.logger.error('Claiming one target failed unexpectedly', { platform: target.platform, error: errorText(answer.error) });
        return;
      }
      const claim = answer.value as ClaimResult;
      if (claim.kind === 'gone') return;
      this.#report(claim, null);
      if (claim.kind === 'claimed') claimed.push({ target, claim, token });
    });
    if (this.#stopped) {
      await this.#unclaim(claimed.map((queued) => queued.target.targetId));
      return;
    }
    this.#queue.push(...claimed);
  }

  /**
   * Whether a due target can be sent now: its token, or null when it was settled without a send
   * (no adapter or connection: failed; a rate limit holds its connection, or its sign-in cannot be
   * renewed just now: deferred; its sign-in is gone: needs_reconnect). One token read per
   * connection and batch.
   */
  async #readyToSend(target: DueTarget, tokens: Map<string, Promise<string>>): Promise<string | null> {
    const { clock } = this.#d;
    const where = PLATFORM_LABELS[target.platform];
    const connection = target.connection;
    const hold = connection === null ? undefined : this.#holds.get(connection.id);
    if (connection !== null && hold !== undefined) {
      if (hold > clock.now()) {
        await this.#store.defer(target.targetId, hold, clock.now());
        return null;
      }
      this.#holds.delete(connection.id);
    }
    const adapter = this.#d.adapters[target.platform];
    if (adapter !== undefined && connection !== null && connection.state === 'needs_reconnect') {
      // The sign-in was refused earlier: this target waits with the others for the owner to reconnect.
      await this.#waitForReconnect(target, connection);
      return null;
    }
    if (adapter === undefined || connection === null || connection.state !== 'connected') {
      const message =
        adapter === undefined
          ? `AgencyIQ cannot publish to ${where} yet. Nothing was sent.`
          : `${where} is not connected. Connect it on the Connections page, then choose Publish again. Nothing was sent.`;
      const recorded = await this.#store.failUnsent(target.targetId, clock.now(), {
        state: 'failed',
        errorKind: 'not_connected',
        message,
        attemptOutcome: 'failed',
      });
      if (recorded !== null) this.#report(recorded, null);
      return null;
    }
    let reading = tokens.get(connection.id);
    if (reading === undefined) {
      reading = this.#d.tokens.getAccessToken(connection.id);
      tokens.set(connection.id, reading);
    }
    try {
      const token = await reading;
      // A fresh read decides again: the owner may have reconnected since a refusal.
      this.#refused.delete(connection.id);
      this.#latestTokens.set(connection.id, token);
      return token;
    } catch (error) {
      if (error instanceof RefreshUnavailableError) {
        await this.#store.defer(target.targetId, error.retryAt, clock.now());
        return null;
      }
      if (!(error instanceof ConnectionNeedsReconnectError)) throw error;
      await this.#waitForReconnect(target, connection);
      return null;
    }
  }

  /** Nothing is sent: the target waits as `needs_reconnect`, in Needs attention, with the reconnect wording. */
  async #waitForReconnect(target: DueTarget, connection: NonNullable<DueTarget['connection']>): Promise<void> {
    const recorded = await this.#store.failUnsent(target.targetId, this.#d.clock.now(), {
      state: 'needs_reconnect',
      errorKind: 'auth',
      message: reconnectMessage(target.platform),
      attemptOutcome: 'needs_reconnect',
    });
    if (recorded !== null) this.#report(recorded, connection);
  }

  #launch(queued: ClaimedTarget): void {
    const { targetId, platform } = queued.target;
    const left = { value: false };
    this.#sending++;
    let slotHeld = true;
    // The slot is free once the platform has answered: the next send starts while this outcome
    // is written (in the same batch as the next send's leaving mark).
    const freeSlot = () => {
      if (!slotHeld) return;
      slotHeld = false;
      this.#sending--;
      this.#awaitingOn.delete(targetId);
      this.wake();
    };
    if (queued.target.connection !== null) this.#awaitingOn.set(targetId, queued.target.connection.id);
    const run = this.#send(queued, left, freeSlot)
      .catch(async (error: unknown) => {
        this.#d.logger.error('Publishing one target failed unexpectedly', { platform, error: errorText(error) });
        // Not left yet: nothing was sent, so the claim is given back and the target looked at
        // again later (not at once, so one broken target cannot spin the engine). Left: it stays
        // `publishing`, and the next start turns it into `needs_check` — never a blind re-send.
        if (left.value) return;
        const now = this.#d.clock.now();
        await this.#unclaim([targetId]).catch(() => {});
        await this.#store.defer(targetId, now + UNEXPECTED_ERROR_RETRY_MS, now).catch(() => {});
      })
      .finally(() => {
        this.#inFlight.delete(targetId);
        freeSlot();
        this.wake();
      });
    this.#inFlight.set(targetId, run);
  }

  /** Sends one claimed target: the leaving mark, the request, its outcome (and one token renewal). */
  async #send({ target, claim, token: firstToken }: ClaimedTarget, left: { value: boolean }, freeSlot: () => void): Promise<void> {
    const end = this.#d.tracker.begin();
    try {
      const { clock, tokens } = this.#d;
      const connection = target.connection!;
      const adapter = this.#d.adapters[target.platform]!;
      const hold = this.#holds.get(connection.id);
      if ((hold !== undefined && hold > clock.now()) || this.#refused.has(connection.id)) {
        // Since the batch was claimed, a rate limit or a refusal reached this connection: nothing
        // leaves; the claim is given back and the target settled as a due one would be.
        freeSlot();
        await this.#unclaim([target.targetId]);
        await this.#readyToSend(target, new Map());
        return;
      }
      let token = this.#latestTokens.get(connection.id) ?? firstToken;
      let { attemptId } = claim;
      let startedAt = clock.now();
      // The leaving mark: written before the request that can make the post public. An adapter
      // that uploads media first marks it itself, right before its public step (`marksPublicStep`);
      // for the others it is written before `publish` starts, as for every text post.
      const leave = async () => {
        if (left.value) return;
        await this.#writes.submit({ kind: 'leave', leave: { targetId: target.targetId, now: clock.now() } });
        left.value = true;
      };
      const media = await this.#mediaOf(target, claim.hasMedia);
      if (adapter.marksPublicStep !== true && !('refused' in media)) await leave();
      let tokenRenewed = false;
      for (;;) {
        const result =
          'refused' in media
            ? media.refused
            : await this.#publish(adapter, left, { token, accountId: connection.accountId, claim, target, leave, ...media });
        // Only an answer to the publishing request reports its window (absent: none came, e.g. an upload failed first).
        if (result.rateLimit !== undefined) this.#windows.note(connection.id, result.rateLimit);
        const now = clock.now();
        const classified = classifyOutcome(result, {
          platform: target.platform,
          now,
          triesSoFar: claim.triesSoFar,
          tokenRenewed,
          policy: this.#policy,
        });
        if (classified.state !== 'renew-token') {
          if (classified.holdConnectionUntil !== null) this.#holds.set(connection.id, classified.holdConnectionUntil);
          if (classified.state === 'needs_reconnect') this.#refused.add(connection.id);
          freeSlot();
          if (classified.state === 'needs_reconnect') await tokens.reportRefused(connection.id);
          this.#report(await this.#record({ attemptId, startedAt, result, decision: classified, now }), connection);
          return;
        }
        tokenRenewed = true;
        try {
          token = await tokens.renewAfterRejection(connection.id, token);
        } catch (error) {
          if (!(error instanceof ConnectionNeedsReconnectError) && !(error instanceof RefreshUnavailableError)) {
            this.#d.logger.warn('Renewing a refused sign-in failed unexpectedly', { platform: target.platform, error: errorText(error) });
          }
          const decision = renewalFailed(error, target.platform, clock.now());
          if (decision.state === 'needs_reconnect') this.#refused.add(connection.id);
          this.#report(await this.#record({ attemptId, startedAt, result, decision, now: clock.now() }), connection);
          return;
        }
        this.#latestTokens.set(connection.id, token);
        const reopenedAt = clock.now();
        attemptId = await this.#store.reopenAttempt(attemptId, startedAt, result, reopenedAt);
        startedAt = reopenedAt;
      }
    } finally {
      end();
    }
  }

  /** Gives back claims whose requests never left (they wait again) and announces it. */
  async #unclaim(targetIds: readonly string[]): Promise<void> {
    for (const change of await this.#store.unclaim(targetIds, this.#d.clock.now())) this.#d.onTargetChanged(change);
  }

  /** Records how a try ended, in the next batch (write-batcher.ts). */
  async #record(outcome: OutcomeRecord): Promise<Recorded> {
    return (await this.#writes.submit({ kind: 'record', outcome })) as Recorded;
  }

  /**
   * The target's media and steps journal, or the refusal that fails it without a send (a file
   * gone from the media folder, a picture that cannot be prepared).
   */
  async #mediaOf(target: DueTarget, hasMedia: boolean): Promise<{ media: MediaItem[]; steps: PublishSteps | undefined } | { refused: PublishResult }> {
    try {
      // A post claimed without attachments is sent as the text it was claimed with: nothing to read.
      const media = hasMedia ? ((await this.#d.media?.forTarget(target.postId, target.platform)) ?? []) : [];
      const steps = media.length > 0 ? await this.#d.steps?.forTarget(target.targetId) : undefined;
      return { media, steps };
    } catch (error) {
      if (!(error instanceof TargetMediaError)) throw error;
      return { refused: { outcome: { kind: 'invalid', message: error.message }, httpStatus: null, platformErrorCode: null } };
    }
  }

  /**
   * The adapter's answer. An adapter that throws (it should not) after the leaving mark may have
   * sent: unknown. Before the mark nothing public can have happened, so the error goes on to the
   * send's own handler (the claim is given back, the target looked at again later).
   */
  async #publish(
    adapter: PlatformAdapter,
    left: { value: boolean },
    send: {
      token: string;
      accountId: string;
      claim: { text: string; title: string | null; youtube: YouTubeSettings | null; authorId: string | null };
      target: DueTarget;
      leave: () => Promise<void>;
      media: MediaItem[];
      steps: PublishSteps | undefined;
    },
  ): Promise<PublishResult> {
    const { claim, target } = send;
    const progress = new UploadProgressGate((sentBytes, totalBytes) =>
      this.#d.onUploadProgress?.({ postId: target.postId, targetId: target.targetId, platform: target.platform, sentBytes, totalBytes }),
    );
    try {
      return await adapter.publish({
        text: claim.text,
        title: claim.title,
        ...(claim.youtube ? { youtube: claim.youtube } : {}),
        media: send.media,
        accountId: send.accountId,
        authorId: claim.authorId,
        accessToken: send.token,
        // Quitting aborts what is in flight: uploads are repeated later, an aborted public step is unknown.
        signal: this.#quitting.signal,
        ...(send.steps !== undefined ? { steps: send.steps } : {}),
        onProgress: (p) => progress.report(p.sentBytes, p.totalBytes),
        beforePublicStep: send.leave,
      });
    } catch (error) {
      if (!left.value) throw error;
      this.#d.logger.error('A platform adapter threw instead of answering', { platform: adapter.platform, error: errorText(error) });
      return { outcome: { kind: 'unknown', message: 'an unexpected error while sending' }, httpStatus: null, platformErrorCode: null };
    }
  }

  /** Tells the windows, the owner (notifications) and the Plan page what one transition did. */
  #report(recorded: Recorded, connection: DueTarget['connection']): void {
    const { change } = recorded;
    this.#d.onTargetChanged(change);
    if (recorded.ledgerChanged) this.#d.onLedgerChanged();
    const reason = change.error?.message ?? '';
    this.#log(change);
    switch (change.state) {
      case 'published':
        if (connection !== null) this.#toldReconnect.delete(connection.id);
        void this.#d.notify({ kind: 'published', postId: change.postId, platform: change.platform, postUrl: change.platformUrl });
        break;
      case 'failed':
        void this.#d.notify({ kind: 'failed', postId: change.postId, platform: change.platform, reason });
        break;
      case 'needs_check':
        void this.#d.notify({ kind: 'needs-check', postId: change.postId, platform: change.platform });
        break;
      case 'needs_reconnect':
        if (connection !== null && !this.#toldReconnect.has(connection.id)) {
          this.#toldReconnect.add(connection.id);
          void this.#d.notify({ kind: 'needs-reconnect', platform: change.platform, accountName: connection.displayName });
        }
        break;
      default:
        break;
    }
  }

  /** One line per outcome for the diagnostics logs: the platform and the class, never the text or a token. */
  #log(change: Recorded['change']): void {
    const { logger } = this.#d;
    const errorKind = change.error?.kind;
    if (change.state === 'published') logger.info('Published', { platform: change.platform });
    else if (change.state === 'scheduled' && errorKind !== undefined) logger.info('A post will be tried again', { platform: change.platform, errorKind });
    else if (change.state !== 'publishing' && change.state !== 'scheduled') logger.warn('A post did not go out', { platform: change.platform, state: change.state, errorKind });
  }

  #arm(delayMs: number): void {
    if (!this.#stopped) this.#wakeTimer.set(delayMs);
  }
}

function reconnectMessage(platform: Platform): string {
  const where = PLATFORM_LABELS[platform];
  return `${where} no longer accepts AgencyIQ's sign-in. Reconnect ${where} on the Connections page, then choose Publish again. Nothing was sent.`;
}

/** The platform refused the token and renewing it failed: what the refused try becomes. */
function renewalFailed(error: unknown, platform: Platform, now: number): TargetDecision {
  const base = { attemptOutcome: 'retry', errorKind: 'auth', countsAsTry: false, published: null, holdConnectionUntil: null } as const;
  if (error instanceof ConnectionNeedsReconnectError) {
    return { ...base, state: 'needs_reconnect', attemptOutcome: 'needs_reconnect', message: reconnectMessage(platform), nextAttemptAt: null };
  }
  // The refused request created nothing, so trying again later is safe.
  const retryAt = error instanceof RefreshUnavailableError ? error.retryAt : now + RENEWAL_ERROR_RETRY_MS;
  return {
    ...base,
    state: 'scheduled',
    message: `AgencyIQ could not renew its sign-in to ${PLATFORM_LABELS[platform]} just now; it will try again.`,
    nextAttemptAt: retryAt,
  };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
