import { describe, expect, it } from 'vitest';
import { licenceState, OFFLINE_NOTICE_MS, type LicenceStateInput } from '../../electron/core/licence/licence-state';
import { billingPeriod, DAY_MS, growthLease } from '../support/lease-signer';

// What the owner is told, and whether publishing may go ahead, for each kind of situation.

const NOW = Date.UTC(2026, 10, 26, 9);
const payload = growthLease('b'.repeat(64), NOW - DAY_MS / 2, { ...billingPeriod(NOW - 3 * DAY_MS) });
const allowance = { postsPerCycle: 27, cycle: { start: payload.cycleStart, end: payload.cycleEnd }, used: 4, reserved: 1, left: 22 };

function input(overrides: Partial<LicenceStateInput>): LicenceStateInput {
  return {
    now: NOW,
    verification: { ok: true, payload },
    allowance,
    stateTrusted: true,
    serverStatus: 'active',
    serverMessage: null,
    lastSyncAt: NOW - 60_000,
    syncProblem: null,
    licenceKey: 'AIQ-KEY-1234',
    checkout: null,
    identityReset: false,
    ...overrides,
  };
}

describe('licenceState', () => {
  it('a licence row that cannot be relied on (edited, or a replay seen) pauses publishing until the server is asked', () => {
    const status = licenceState(input({ stateTrusted: false }));
    expect(status).toMatchObject({ state: 'lapsed', publishingAllowed: false, lapsedReason: 'check_needed', plan: { id: 'growth' } });
    expect(status.message).toMatch(/check your plan with its server/);
  });

  it('is active with posts left and the reset date after a recent sync', () => {
    expect(licenceState(input({}))).toMatchObject({
      state: 'active',
      publishingAllowed: true,
      plan: { id: 'growth', label: 'Growth', postsPerCycle: 27, seats: 2 },
      usage: { used: 4, reserved: 1, left: 22, resetsAt: payload.cycleEnd },
    });
  });

  it('turns to an offline grace (until the lease expires) a day after the last sync', () => {
    expect(licenceState(input({ lastSyncAt: NOW - OFFLINE_NOTICE_MS })).state).toBe('active');
    expect(licenceState(input({ lastSyncAt: NOW - OFFLINE_NOTICE_MS - 1 }))).toMatchObject({
      state: 'grace',
      publishingAllowed: true,
      grace: { reason: 'offline', until: payload.expiresAt },
    });
  });

  it('shows a failed payment as grace until the server’s grace date', () => {
    const pastDue = { ...payload, status: 'past_due' as const, graceUntil: NOW + 10 * DAY_MS };
    expect(licenceState(input({ verification: { ok: true, payload: pastDue } }))).toMatchObject({
      state: 'grace',
      publishingAllowed: true,
      grace: { reason: 'past_due', until: NOW + 10 * DAY_MS },
      message: expect.stringMatching(/Update your card in Manage billing/),
    });
  });

  it('is none, drafting only, without a lease; and says so when the identity was reset', () => {
    const none = licenceState(input({ verification: null, allowance: null, serverStatus: 'none' }));
    expect(none).toMatchObject({ state: 'none', publishingAllowed: false, plan: null, usage: null });
    const reset = licenceState(input({ verification: null, allowance: null, serverStatus: null, identityReset: true }));
    expect(reset).toMatchObject({ state: 'none', identityReset: true, message: expect.stringMatching(/Enter your licence key/) });
  });

  it('pauses publishing for every refusal, with the reason', () => {
    const refused = (reason: 'expired' | 'clock_rolled_back' | 'issued_in_future' | 'bad_signature' | 'other_device' | 'malformed') =>
      licenceState(input({ verification: { ok: false, reason, payload: reason === 'bad_signature' ? null : payload }, allowance: null }));
    expect(refused('expired')).toMatchObject({ state: 'lapsed', publishingAllowed: false, lapsedReason: 'expired' });
    expect(refused('clock_rolled_back')).toMatchObject({ state: 'lapsed', publishingAllowed: false, lapsedReason: 'clock_turned_back' });
    expect(refused('issued_in_future')).toMatchObject({ state: 'lapsed', publishingAllowed: false, lapsedReason: 'clock_turned_back' });
    for (const reason of ['bad_signature', 'other_device', 'malformed'] as const) {
      expect(refused(reason)).toMatchObject({ state: 'lapsed', publishingAllowed: false, lapsedReason: 'invalid' });
    }
  });

  it('pauses publishing on a computer beyond a downgraded plan’s seats, with the server’s plain-words reason', () => {
    const message = 'Your Starter plan now covers 1 computer, and it is in use: “Office iMac”. Publishing is paused on this computer.';
    expect(licenceState(input({ verification: null, allowance: null, serverStatus: 'seats_exceeded', serverMessage: message }))).toMatchObject({
      state: 'lapsed',
      publishingAllowed: false,
      lapsedReason: 'seats_exceeded',
      plan: null,
      message,
    });
  });
});
