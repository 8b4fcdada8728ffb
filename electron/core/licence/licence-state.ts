import type { LicenceStatus } from '@shared/ipc/licence-channels';
import { DEFAULT_PLAN_TERMS } from '@shared/licence/plans';
import type { Allowance } from './allowance';
import type { LeaseVerification } from './verify-lease';

/** After this long without reaching the server the owner is told, though publishing goes on. */
export const OFFLINE_NOTICE_MS = 24 * 60 * 60 * 1000;

/** The server's last word about this device, as stored. */
export type ServerLicenceStatus = 'none' | 'active' | 'past_due' | 'lapsed' | 'deactivated' | 'seats_exceeded';

export interface LicenceStateInput {
  /** Trusted now (clock corrected by the offset measured at the last sync). */
  now: number;
  /** The stored lease, verified; null when none is stored. */
  verification: LeaseVerification | null;
  /** The allowance read from the verified lease; required when `verification.ok` and trusted. */
  allowance: Allowance | null;
  /**
   * False when the stored licence row cannot be relied on: it was edited outside the app (its
   * MAC no longer holds) or the server's last answer was a replay. Publishing then waits until
   * a fresh lease comes from the server.
   */
  stateTrusted: boolean;
  serverStatus: ServerLicenceStatus | null;
  serverMessage: string | null;
  lastSyncAt: number | null;
  syncProblem: string | null;
  licenceKey: string | null;
  checkout: LicenceStatus['checkout'];
  identityReset: boolean;
}

/**
 * Decides what the owner is told and whether publishing may go ahead. Pure: every input,
 * including the time, is passed in, so each state can be tested at any instant.
 */
export function licenceState(input: LicenceStateInput): LicenceStatus {
  const base = {
    lastSyncAt: input.lastSyncAt,
    syncProblem: input.syncProblem,
    licenceKey: input.licenceKey,
    checkout: input.checkout,
    identityReset: input.identityReset,
  };
  const nothing = { plan: null, usage: null, grace: null, lapsedReason: null };
  // Lapsed: drafting goes on, publishing waits; the reason and the words say why.
  const lapsed = (
    lapsedReason: NonNullable<LicenceStatus['lapsedReason']>,
    message: string,
    plan: LicenceStatus['plan'] = null,
  ): LicenceStatus => ({ ...base, ...nothing, plan, state: 'lapsed', publishingAllowed: false, lapsedReason, message });
  const verification = input.verification;

  if (verification === null) {
    if (input.serverStatus === 'lapsed') {
      return lapsed('lapsed', input.serverMessage ?? 'Your subscription has ended.');
    }
    if (input.serverStatus === 'deactivated') {
      return lapsed('deactivated', 'This computer was removed from your plan. Enter your licence key to use it again.');
    }
    if (input.serverStatus === 'seats_exceeded') {
      // The server's message names how many computers the plan now covers and which ones.
      return lapsed(
        'seats_exceeded',
        input.serverMessage ??
          'Your plan now covers fewer computers, and this one is not among them. Remove another computer from the plan to use it here.',
      );
    }
    return {
      ...base,
      ...nothing,
      state: 'none',
      publishingAllowed: false,
      message: input.identityReset
        ? "This computer's saved identity could not be read (for example after the system keyring was reset), so it has a new one. Enter your licence key to activate your plan again."
        : 'You can draft freely; choose a plan to publish.',
    };
  }

  if (!input.stateTrusted) {
    return lapsed(
      'check_needed',
      'AgencyIQ needs to check your plan with its server before it publishes again (its saved licence details were changed or replayed). Connect to the internet and choose Check now.',
      verification.payload === null ? null : planOf(verification.payload),
    );
  }

  if (!verification.ok) {
    const plan = verification.payload === null ? null : planOf(verification.payload);
    switch (verification.reason) {
      case 'clock_rolled_back':
      case 'issued_in_future':
        return lapsed(
          'clock_turned_back',
          "This computer's clock seems to have been turned back. Publishing is paused until AgencyIQ can check with its server: connect to the internet and choose Check now.",
          plan,
        );
      case 'expired':
        return lapsed(
          'expired',
          'AgencyIQ could not renew your plan: it has not reached its server for 7 days. Connect to the internet and choose Check now.',
          plan,
        );
      default:
        return lapsed('invalid', 'The saved licence could not be verified. Choose Check now to fetch a fresh one.');
    }
  }

  const payload = verification.payload;
  const allowance = input.allowance;
  const plan = planOf(payload);
  const usage =
    allowance === null
      ? null
      : { used: allowance.used, reserved: allowance.reserved, left: allowance.left, cycleStart: allowance.cycle.start, resetsAt: allowance.cycle.end };

  if (payload.status === 'past_due') {
    return {
      ...base,
      plan,
      usage,
      state: 'grace',
      publishingAllowed: true,
      grace: { reason: 'past_due', until: payload.graceUntil ?? payload.expiresAt },
      lapsedReason: null,
      message: 'Update your card in Manage billing to keep publishing after that.',
    };
  }
  if (input.lastSyncAt === null || input.now - input.lastSyncAt > OFFLINE_NOTICE_MS) {
    return {
      ...base,
      plan,
      usage,
      state: 'grace',
      publishingAllowed: true,
      grace: { reason: 'offline', until: payload.expiresAt },
      lapsedReason: null,
      message: 'Connect to the internet so AgencyIQ can renew your plan.',
    };
  }
  return {
    ...base,
    plan,
    usage,
    state: 'active',
    publishingAllowed: true,
    grace: null,
    lapsedReason: null,
    message: usage === null ? '' : `${usage.left} of ${payload.postsPerCycle} posts left this cycle.`,
  };
}

function planOf(payload: { plan: keyof typeof DEFAULT_PLAN_TERMS; postsPerCycle: number; seats: number }): LicenceStatus['plan'] {
  return { id: payload.plan, label: DEFAULT_PLAN_TERMS[payload.plan].label, postsPerCycle: payload.postsPerCycle, seats: payload.seats };
}
