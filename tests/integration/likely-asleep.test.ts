import { afterEach, expect, test } from 'vitest';
import { openTestCore, tempDataDir } from '../support/core-fixture';
import { SimulatedTime } from '../support/publishing-fixture';

// "Likely asleep" through the real core on simulated time: the core's own record of when it ran
// (a heartbeat on the Timers port), a computer that sleeps every night, and the owner's hours.

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const HOUR = 60 * 60 * 1000;
/** Mon 30 Nov 2026, 7:00 am in Brisbane (UTC+10, no daylight saving). */
const START = Date.UTC(2026, 10, 29, 21, 0);

test('a post due at an hour the computer slept through the last three nights is marked; the owner\'s own hours too', async () => {
  const { dir, remove } = tempDataDir();
  cleanups.push(remove);
  const time = new SimulatedTime(START);
  const { core, call } = await openTestCore(dir, { clock: time, timers: time });
  cleanups.push(() => core.close());

  // Awake 7 am – 9 pm, asleep overnight (the timers stop), woken by the OS each morning.
  for (let day = 0; day < 4; day += 1) {
    time.advance(14 * HOUR);
    time.sleep(10 * HOUR);
    core.wake();
  }
  time.advance(2 * HOUR); // Fri 4 Dec, 9:00 am.
  const tonightTenPm = time.now() + 13 * HOUR;
  const tomorrowNineAm = time.now() + 24 * HOUR;
  const ask = async () => (await call('scheduling.asleep', { instants: [tonightTenPm, tomorrowNineAm] })).reasons;
  await expect.poll(ask).toEqual(['not-running', null]);

  // The owner says the computer sleeps 8–10 am: that hour is marked too, on their word.
  await call('preferences.update', { usualSleep: { from: '08:00', to: '10:00' } });
  expect(await ask()).toEqual(['not-running', 'owner-said']);
  await call('preferences.update', { usualSleep: null });
  expect(await ask()).toEqual(['not-running', null]);
});

test('a computer that stays on says nothing, and a new install says nothing yet', async () => {
  const { dir, remove } = tempDataDir();
  cleanups.push(remove);
  const time = new SimulatedTime(START);
  const { core, call } = await openTestCore(dir, { clock: time, timers: time });
  cleanups.push(() => core.close());
  const tonight = START + 15 * HOUR;
  await expect.poll(async () => (await call('scheduling.asleep', { instants: [tonight] })).reasons).toEqual([null]);
  time.advance(4 * 24 * HOUR);
  await expect.poll(async () => (await call('scheduling.asleep', { instants: [tonight + 4 * 24 * HOUR] })).reasons).toEqual([null]);
});

test('the owner\'s hours are checked: the same time twice is refused', async () => {
  const { dir, remove } = tempDataDir();
  cleanups.push(remove);
  const { core, call } = await openTestCore(dir);
  cleanups.push(() => core.close());
  await expect(call('preferences.update', { usualSleep: { from: '22:00', to: '22:00' } })).rejects.toThrow(/invalid/);
  expect((await call('preferences.get', {})).usualSleep).toBeNull();
});
