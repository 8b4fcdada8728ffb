import { describe, expect, it } from 'vitest';
import {
  FIRST_UPDATE_CHECK_DELAY_MS,
  scheduleUpdateChecks,
  UPDATE_CHECK_INTERVAL_MS,
} from '../../electron/core/updates/update-check-schedule';
import { ManualTimers, settle } from '../support/fake-updater';

describe('scheduleUpdateChecks', () => {
  it('checks shortly after start and then every six hours', async () => {
    const timers = new ManualTimers();
    let checks = 0;
    scheduleUpdateChecks({ check: async () => void (checks += 1), timers });
    expect(UPDATE_CHECK_INTERVAL_MS).toBe(6 * 60 * 60 * 1000);
    expect(timers.delays()).toEqual([FIRST_UPDATE_CHECK_DELAY_MS]);
    expect(checks).toBe(0);

    timers.fireNext();
    await settle();
    expect(checks).toBe(1);
    expect(timers.delays()).toEqual([UPDATE_CHECK_INTERVAL_MS]);

    timers.fireNext();
    await settle();
    expect(checks).toBe(2);
    expect(timers.delays()).toEqual([UPDATE_CHECK_INTERVAL_MS]);
  });

  it('waits for a slow check to finish before scheduling the next, so checks never overlap', async () => {
    const timers = new ManualTimers();
    let finish: () => void = () => {};
    scheduleUpdateChecks({ check: () => new Promise<void>((resolve) => (finish = resolve)), timers });
    timers.fireNext();
    await settle();
    expect(timers.delays()).toEqual([]);
    finish();
    await settle();
    expect(timers.delays()).toEqual([UPDATE_CHECK_INTERVAL_MS]);
  });

  it('keeps checking after a check throws', async () => {
    const timers = new ManualTimers();
    scheduleUpdateChecks({ check: () => Promise.reject(new Error('offline')), timers });
    timers.fireNext();
    await settle();
    expect(timers.delays()).toEqual([UPDATE_CHECK_INTERVAL_MS]);
  });

  it('stops: the pending check is cancelled and a running one schedules nothing after it', async () => {
    const timers = new ManualTimers();
    const stop = scheduleUpdateChecks({ check: async () => {}, timers });
    stop();
    expect(timers.delays()).toEqual([]);

    let finish: () => void = () => {};
    const stopLater = scheduleUpdateChecks({ check: () => new Promise<void>((resolve) => (finish = resolve)), timers });
    timers.fireNext();
    stopLater();
    finish();
    await settle();
    expect(timers.delays()).toEqual([]);
  });
});
