import path from 'node:path';
import { PLATFORMS, PLATFORM_LABELS, type Platform } from '@shared/domain/platform';
import type { ConnectionStatus, ConnectionsOverview } from '@shared/ipc/connections-channels';
import { EXPIRY_WARNING_DAYS } from '@shared/platforms/providers';
import type { DeepLinkAction } from '../deep-links/deep-link-action';
import { CoreError } from '../errors';
import type { EventSink } from '../events/event-hub';
import type { Clock } from '../ports/clock';
import type { HttpClient } from '../ports/http-client';
import type { Logger } from '../ports/logger';
import type { SecretProtection } from '../ports/secret-store';
import type { Shell } from '../ports/shell';
import type { Timers } from '../ports/timers';
import { ConnectionNeedsReconnectError, type ConnectionStore, type ReconnectReason } from './connection-store';
import { startDeepLinkFlow } from './deeplink-flow';
import { issuerMatches } from './issuer-check';
import { discover } from './discovery/discover';
import type { DiscoveredAccount, PageCandidate } from './discovery/discovered-account';
import { DiscoveryError } from './discovery/fetch-json';
import { LoopbackClosedError, type LoopbackCallback } from './loopback-listener';
import { startLoopbackFlow } from './loopback-flow';
import { signInEndsAt } from './sign-in-ends';
import type { PendingFlows, PendingFlow } from './pending-flows';
import type { ProviderRegistry } from './provider-registry';
import type { RefreshManager } from './refresh-manager';
import { RelayError, startRelayFlow, type RelayClient } from './relay-flow';
import { revokeAccess } from './revoke-access';
import { TokenRequestError, type TokenClient } from './token-request';
import type { TokenResponse } from './token-set';

const DAY_MS = 24 * 60 * 60 * 1000;
const META_SIBLING: Partial<Record<Platform, Platform>> = { facebook: 'instagram', instagram: 'facebook' };
/** How long a signed-in owner has to pick a Facebook Page before the sign-in is dropped. */
const PAGE_CHOICE_TTL_MS = 15 * 60 * 1000;
/** The relay's refusals that mean "no plan in force on this computer" (shared/oauth/relay-api.ts). */
const NEEDS_LICENCE: ReadonlySet<string> = new Set(['no_licence', 'licence_lapsed', 'device_deactivated']);

interface PageChoice {
  pages: PageCandidate[];
  token: TokenResponse;
  expiresAt: number;
}

/** Removes a platform's token ciphertext from every copy of the database (backups, kept files). */
export type ForgetInCopies = (platform: Platform) => Promise<{ failed: ReadonlyArray<{ file: string }> }>;

export interface ConnectionsServiceDeps {
  store: ConnectionStore;
  registry: ProviderRegistry;
  flows: PendingFlows;
  tokens: TokenClient;
  refresh: RefreshManager;
  /** Null when this build or device cannot reach the licence server's relay. */
  relay: RelayClient | null;
  /** The core's one HTTP client: discovery after consent, revocation on disconnect. */
  http: HttpClient;
  shell: Shell;
  events: EventSink;
  logger: Logger;
  clock: Clock;
  timers: Timers;
  protection: SecretProtection;
  flowTimeoutMs: number;
  /** Null where the core keeps no copies (tests of the domain alone). */
  forgetInCopies: ForgetInCopies | null;
}

/**
 * The Connections domain: starts sign-ins in the owner's browser, takes the answers back (deep
 * link, loopback listener or relay handoff), discovers the account, stores the tokens through
 * the vault and tells the renderer. Nothing it returns or emits contains a token or a code.
 */
export class ConnectionsService {
  readonly #notices = new Map<Platform, string>();
  readonly #pageChoices = new Map<Platform, PageChoice>();

  constructor(private readonly deps: ConnectionsServiceDeps) {}

  async overview(): Promise<ConnectionsOverview> {
    const records = await this.deps.store.list();
    const now = this.deps.clock.now();
    return {
      protection: this.deps.protection,
      platforms: PLATFORMS.map((platform) => {
        const record = records.find((r) => r.platform === platform);
        let status: ConnectionStatus;
        const choice = this.#pageChoices.get(platform);
        if (this.deps.flows.waiting(platform) !== null) {
          status = { state: 'waiting_for_browser' };
        } else if (choice !== undefined && choice.expiresAt > now) {
          status = { state: 'choosing_page', pages: choice.pages.map((p) => ({ id: p.pageId, name: p.pageName })) };
        } else if (record === undefined) {
          status = { state: 'not_connected' };
        } else if (record.state === 'needs_reconnect') {
          status = { state: 'needs_reconnect', displayName: record.displayName, reason: reasonText(platform, record.reason ?? 'refused') };
        } else {
          const ends = signInEndsAt(record);
          if (ends !== null && ends <= now) {
            status = { state: 'needs_reconnect', displayName: record.displayName, reason: reasonText(platform, 'expired') };
          } else {
            const days = ends === null ? null : Math.max(0, Math.ceil((ends - now) / DAY_MS));
            status = {
              state: 'connected',
              displayName: record.displayName,
              expiresInDays: days,
              expiringSoon: days !== null && days <= EXPIRY_WARNING_DAYS,
              alsoPostsAs: record.targets.map((t) => t.name),
            };
          }
        }
        return { platform, status, notice: this.#notices.get(platform) ?? null };
      }),
    };
  }

  /** Opens the platform's sign-in page in the owner's browser and starts waiting for it. */
  async connect(platform: Platform): Promise<ConnectionsOverview> {
    const provider = this.deps.registry[platform];
    const label = PLATFORM_LABELS[platform];
    if (provider.clientId === null) {
      throw new CoreError('unavailable', `This copy of AgencyIQ is not set up to connect to ${label} yet.`);
    }
    this.deps.flows.cancel(platform);
    this.#pageChoices.delete(platform);
    this.#notices.delete(platform);
    const { clock, flowTimeoutMs } = this.deps;
    let started: { flow: PendingFlow; authorizeUrl: string };
    if (provider.strategy === 'deeplink') {
      started = startDeepLinkFlow(provider, provider.clientId, clock, flowTimeoutMs);
    } else if (provider.strategy === 'loopback') {
      const loopback = await startLoopbackFlow(provider, provider.clientId, clock, this.deps.timers, flowTimeoutMs);
      started = loopback;
      void this.#awaitLoopback(loopback.flow, loopback.callback);
    } else {
      if (this.deps.relay === null) {
        throw new CoreError('unavailable', `Connecting ${label} needs your AgencyIQ licence to be active on this computer.`);
      }
      try {
        started = await startRelayFlow(provider, provider.clientId, this.deps.relay, clock, flowTimeoutMs);
      } catch (error) {
        if (!(error instanceof RelayError)) throw error;
        this.deps.logger.warn('The relay refused to start a sign-in', { platform, kind: error.kind, code: error.code });
        throw new CoreError(
          'unavailable',
          error.kind === 'no_device_session' || NEEDS_LICENCE.has(error.code ?? '')
            ? `Connecting ${label} needs your AgencyIQ licence to be active on this computer.`
            : error.code === 'rate_limited'
              ? `You have started many sign-ins to ${label} in the last hour. Please wait a while, then try again.`
            : error.code === 'relay_not_configured'
              ? `AgencyIQ’s sign-in service is not set up for ${label} yet.`
              : `AgencyIQ could not reach its sign-in service for ${label}. Check your internet connection and try again.`,
        );
      }
    }
    if (provider.strategy !== 'loopback') {
      // The loopback listener has its own timeout; the other strategies wait on the flow's expiry.
      const timer = this.deps.timers.setTimeout(() => void this.#expireFlow(started.flow), this.deps.flowTimeoutMs);
      const release = started.flow.release;
      started.flow.release = () => {
        this.deps.timers.clearTimeout(timer);
        release();
      };
    }
    this.deps.flows.add(started.flow);
    const opened = await this.deps.shell.openExternal(started.authorizeUrl);
    if (!opened) {
      this.deps.flows.cancel(platform);
      throw new CoreError('unavailable', 'AgencyIQ could not open your web browser. Check that you have a default browser set.');
    }
    this.deps.logger.info('Sign-in started in the browser', { platform, strategy: provider.strategy });
    return this.#changed();
  }

  async cancel(platform: Platform): Promise<ConnectionsOverview> {
    const cancelled = this.deps.flows.cancel(platform);
    const hadChoice = this.#pageChoices.delete(platform);
    if (cancelled || hadChoice) this.deps.logger.info('Sign-in cancelled', { platform });
    return this.#changed();
  }

  /** Withdraws access where the platform allows it, then deletes the connection and its ciphertext. */
  async disconnect(platform: Platform): Promise<ConnectionsOverview> {
    this.deps.flows.cancel(platform);
    this.#pageChoices.delete(platform);
    const record = await this.deps.store.byPlatform(platform);
    if (record !== null) {
      let notice: string | null = null;
      if (record.state === 'connected') {
        try {
          const tokens = await this.deps.store.readTokens(record.id);
          const sibling = META_SIBLING[platform];
          const siblingConnected = sibling !== undefined && (await this.deps.store.byPlatform(sibling))?.state === 'connected';
          // Facebook and Instagram share one Meta grant: revoking it for one would cut off the other.
          const outcome = siblingConnected ? 'kept_for_sibling' : await revokeAccess(this.deps.http, this.deps.registry[platform], tokens);
          this.deps.logger.info('Access withdrawn at the platform', { platform, outcome });
          if (outcome === 'failed') {
            notice = `AgencyIQ could not reach ${PLATFORM_LABELS[platform]} to withdraw its access; the sign-in was removed from this computer anyway. You can also remove AgencyIQ in your ${PLATFORM_LABELS[platform]} settings.`;
          }
        } catch (error) {
          if (!(error instanceof ConnectionNeedsReconnectError)) throw error;
        }
      }
      await this.deps.store.remove(platform);
      this.deps.refresh.reset(record.id);
      // The backups and kept copies of the database hold the same ciphertext: it goes from them too.
      const copies = await this.deps.forgetInCopies?.(platform);
      if (copies !== undefined && copies.failed.length > 0) {
        const names = copies.failed.map(({ file }) => path.basename(file)).join(', ');
        const uncleaned = `AgencyIQ could not remove the ${PLATFORM_LABELS[platform]} sign-in from ${copies.failed.length === 1 ? 'a damaged copy' : 'damaged copies'} of its database kept in its data folder (${names}); delete ${copies.failed.length === 1 ? 'it' : 'them'} if you no longer need ${copies.failed.length === 1 ? 'it' : 'them'}.`;
        notice = notice === null ? uncleaned : `${notice} ${uncleaned}`;
      }
      if (notice === null) this.#notices.delete(platform);
      else this.#notices.set(platform, notice);
    }
    return this.#changed();
  }

  /** The owner picked which Facebook Page (or its Instagram account) to connect. */
  async choosePage(platform: 'facebook' | 'instagram', pageId: string): Promise<ConnectionsOverview> {
    const choice = this.#pageChoices.get(platform);
    if (choice === undefined || choice.expiresAt <= this.deps.clock.now()) {
      this.#pageChoices.delete(platform);
      throw new CoreError('conflict', 'That sign-in has run out. Connect again to choose a Page.');
    }
    const page = choice.pages.find((p) => p.pageId === pageId);
    if (page === undefined) throw new CoreError('not_found', 'That Page is not one of the Pages you can choose.');
    await this.#saveConnected(platform, page.account, choice.token, page);
    this.#pageChoices.delete(platform);
    return this.#changed();
  }

  /** `agencyiq://oauth/x?code&state` */
  async onDeepLinkCallback(action: Extract<DeepLinkAction, { kind: 'oauth-callback' }>): Promise<void> {
    const consumed = this.deps.flows.consume(action.state, action.platform);
    if (!consumed.ok) {
      this.deps.logger.warn('Sign-in answer refused', { platform: action.platform, reason: consumed.reason });
      if (consumed.reason === 'expired') {
        this.#notices.set(action.platform, 'The sign-in took too long and was stopped. Connect again when you are ready.');
        await this.#changed();
      }
      return;
    }
    if (await this.#wrongIssuer(action.platform, action.issuer)) return;
    await this.#finishWithCode(consumed.flow, action.code);
  }

  /** `agencyiq://oauth/x?error&state` */
  async onDeepLinkError(action: Extract<DeepLinkAction, { kind: 'oauth-error' }>): Promise<void> {
    const consumed = this.deps.flows.consume(action.state, action.platform);
    if (!consumed.ok) {
      this.deps.logger.warn('Sign-in answer refused', { platform: action.platform, reason: consumed.reason });
      return;
    }
    if (await this.#wrongIssuer(action.platform, action.issuer)) return;
    this.#declined(action.platform, action.error);
    await this.#changed();
  }

  /** `agencyiq://oauth/complete?handoff=…` from the licence server's relay. */
  async onRelayComplete(action: Extract<DeepLinkAction, { kind: 'oauth-complete' }>): Promise<void> {
    const relay = this.deps.relay;
    const waitingRelay = PLATFORMS.some((p) => this.deps.registry[p].strategy === 'relay' && this.deps.flows.waiting(p) !== null);
    if (relay === null || !waitingRelay) {
      this.deps.logger.warn('Relay handoff refused', { reason: 'no_relay_flow_waiting' });
      return;
    }
    let redeemed;
    try {
      redeemed = await relay.redeem(action.handoff);
    } catch (error) {
      if (!(error instanceof RelayError)) throw error;
      // A handoff the server refuses (used, expired, another device's, made up) changes nothing:
      // the owner's real sign-in, if any, keeps waiting.
      this.deps.logger.warn('Relay handoff refused', { kind: error.kind, code: error.code });
      return;
    }
    const consumed = this.deps.flows.consume(redeemed.state, redeemed.platform);
    if (!consumed.ok || this.deps.registry[redeemed.platform].strategy !== 'relay') {
      this.deps.logger.warn('Relay handoff refused', { reason: consumed.ok ? 'not_a_relay_platform' : consumed.reason });
      return;
    }
    if (redeemed.outcome === 'error') {
      if (redeemed.error === 'access_denied') this.#declined(redeemed.platform, redeemed.error);
      else {
        this.deps.logger.warn('The platform refused the sign-in code at the relay', { platform: redeemed.platform, error: redeemed.error });
        this.#notices.set(redeemed.platform, `${PLATFORM_LABELS[redeemed.platform]} did not accept the sign-in. Nothing was connected; please connect again.`);
      }
      await this.#changed();
      return;
    }
    const now = this.deps.clock.now();
    await this.#finishWithTokens(redeemed.platform, {
      accessToken: redeemed.accessToken,
      refreshToken: redeemed.refreshToken,
      accessExpiresAt: redeemed.expiresIn === null ? null : now + redeemed.expiresIn * 1000,
      refreshExpiresAt: redeemed.refreshTokenExpiresIn === null ? null : now + redeemed.refreshTokenExpiresIn * 1000,
      scope: redeemed.scope,
    });
  }

  /** Tells the renderer after the refresh manager turned a connection `needs_reconnect`. */
  async notifyChanged(): Promise<void> {
    await this.#changed();
  }

  close(): void {
    this.deps.flows.clear();
    this.#pageChoices.clear();
  }

  /** A deep-link or relay sign-in that never came back: stop waiting, and say so. */
  async #expireFlow(flow: PendingFlow): Promise<void> {
    if (this.deps.flows.waiting(flow.platform)?.state !== flow.state) return;
    this.deps.flows.cancel(flow.platform);
    this.#notices.set(flow.platform, 'The sign-in page did not come back in time. Connect again when you are ready.');
    await this.#changed();
  }

  async #awaitLoopback(flow: PendingFlow, callback: Promise<LoopbackCallback>): Promise<void> {
    let answer: LoopbackCallback;
    try {
      answer = await callback;
    } catch (error) {
      if (error instanceof LoopbackClosedError && error.reason === 'timeout') {
        if (this.deps.flows.consume(flow.state, flow.platform).ok || this.deps.flows.waiting(flow.platform) === null) {
          this.#notices.set(flow.platform, 'The sign-in page did not come back in time. Connect again when you are ready.');
          await this.#changed();
        }
      }
      return;
    }
    const consumed = this.deps.flows.consume(answer.state, flow.platform);
    if (!consumed.ok) return;
    if (await this.#wrongIssuer(flow.platform, answer.issuer)) return;
    if (answer.kind === 'error') {
      this.#declined(flow.platform, answer.error);
      await this.#changed();
      return;
    }
    await this.#finishWithCode(consumed.flow, answer.code);
  }

  async #finishWithCode(flow: PendingFlow, code: string): Promise<void> {
    const provider = this.deps.registry[flow.platform];
    let token: TokenResponse;
    try {
      token = await this.deps.tokens.exchangeCode(provider, { code, codeVerifier: flow.codeVerifier, redirectUri: flow.redirectUri });
    } catch (error) {
      if (!(error instanceof TokenRequestError)) throw error;
      this.deps.logger.warn('The platform refused the sign-in code', { platform: flow.platform, kind: error.kind, status: error.status, error: error.oauthError });
      this.#notices.set(
        flow.platform,
        error.kind === 'unavailable'
          ? `${PLATFORM_LABELS[flow.platform]} could not be reached to finish the sign-in. Nothing was connected; try again.`
          : `${PLATFORM_LABELS[flow.platform]} did not accept the sign-in. Nothing was connected; please connect again.`,
      );
      await this.#changed();
      return;
    }
    await this.#finishWithTokens(flow.platform, token);
  }

  async #finishWithTokens(platform: Platform, token: TokenResponse): Promise<void> {
    const provider = this.deps.registry[platform];
    try {
      const found = await discover(this.deps.http, platform, provider.apiUrl, token.accessToken, token.scope);
      if (found.kind === 'account') {
        await this.#saveConnected(platform, found.account, token, null);
      } else if (found.pages.length === 1) {
        await this.#saveConnected(platform, found.pages[0]!.account, token, found.pages[0]!);
      } else {
        this.#pageChoices.set(platform, { pages: found.pages, token, expiresAt: this.deps.clock.now() + PAGE_CHOICE_TTL_MS });
      }
      this.#notices.delete(platform);
    } catch (error) {
      if (!(error instanceof DiscoveryError)) throw error;
      this.deps.logger.warn('Could not find the account to connect', { platform, kind: error.kind, status: error.status });
      this.#notices.set(
        platform,
        error.kind === 'nothing_to_connect' ? error.message : `AgencyIQ signed in to ${PLATFORM_LABELS[platform]} but could not read your account. Nothing was connected; try again.`,
      );
    }
    await this.#changed();
  }

  async #saveConnected(platform: Platform, account: DiscoveredAccount, token: TokenResponse, page: PageCandidate | null): Promise<void> {
    const id = await this.deps.store.saveConnected({
      platform,
      accountId: account.accountId,
      displayName: account.displayName,
      tokens: {
        accessToken: page?.pageAccessToken ?? token.accessToken,
        refreshToken: token.refreshToken,
        userAccessToken: page === null ? null : token.accessToken,
        scope: token.scope,
      },
      accessExpiresAt: token.accessExpiresAt,
      refreshExpiresAt: token.refreshExpiresAt,
      targets: account.targets ?? [],
    });
    this.deps.refresh.reset(id);
    this.deps.logger.info('Connected', { platform });
  }

  /**
   * RFC 9207: an answer naming another issuer than the platform's own sign-in server is refused
   * (its flow is already used up, so nothing is exchanged or stored) and the owner is told.
   */
  async #wrongIssuer(platform: Platform, received: string | null): Promise<boolean> {
    const expected = this.deps.registry[platform].issuer;
    if (issuerMatches(expected, received)) return false;
    const label = PLATFORM_LABELS[platform];
    this.deps.logger.warn('Sign-in answer refused', { platform, reason: 'wrong_issuer', expected, received });
    this.#notices.set(
      platform,
      `The answer did not come from ${label}’s sign-in page, so AgencyIQ did not use it. Nothing was connected; connect again, and sign in only on ${label}’s own page.`,
    );
    await this.#changed();
    return true;
  }

  #declined(platform: Platform, error: string): void {
    const label = PLATFORM_LABELS[platform];
    this.deps.logger.info('Sign-in declined or failed at the platform', { platform, error });
    this.#notices.set(
      platform,
      error === 'access_denied'
        ? `You did not allow AgencyIQ to use ${label}. Nothing was connected.`
        : `${label} could not complete the sign-in. Nothing was connected; try again.`,
    );
  }

  async #changed(): Promise<ConnectionsOverview> {
    const overview = await this.overview();
    this.deps.events.emit('connections.changed', overview);
    return overview;
  }
}

function reasonText(platform: Platform, reason: ReconnectReason): string {
  const label = PLATFORM_LABELS[platform];
  switch (reason) {
    case 'unreadable':
      return 'AgencyIQ can no longer read the saved sign-in (the computer’s keyring may have been reset). Reconnect to keep posting.';
    case 'revoked':
      return `${label} no longer accepts the saved sign-in (access may have been removed). Reconnect to keep posting.`;
    case 'expired':
      return `The ${label} sign-in has run out. Reconnect to keep posting.`;
    case 'refused':
      return `${label} refused the saved sign-in. Reconnect to keep posting.`;
  }
}
