/**
 * The quota cycle is the subscription's billing period as Stripe reports it (its item's
 * current_period_start/end), carried in the lease, so the allowance resets on the date the owner
 * is billed. Past the known period's end (a lease renewed before Stripe's renewal event came, or
 * the app offline across a billing date), periods follow as Stripe's monthly billing makes them:
 * calendar months from that end, on the same day of the month (clamped to short months), UTC.
 */

/** `start` inclusive, `end` exclusive (the moment the allowance resets); epoch ms. */
export interface CycleWindow {
  start: number;
  end: number;
}

/** `from` plus `months` calendar months, same day and time (UTC), clamped to the month's last day. */
export function addMonthsUtc(from: number, months: number): number {
  const date = new Date(from);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(date.getUTCDate(), lastDay);
  return Date.UTC(year, month, day, date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds(), date.getUTCMilliseconds());
}

/** Beyond this many months past a known period, something is wrong with the clock: stop rolling. */
const MAX_ROLL_MONTHS = 1200;

/**
 * The cycle containing `now`, given the billing period last known. Before that period (a clock
 * behind the server's) it is that period: nothing earlier is counted.
 */
export function cycleAt(period: { cycleStart: number; cycleEnd: number }, now: number): CycleWindow {
  if (now < period.cycleEnd) return { start: period.cycleStart, end: period.cycleEnd };
  // Each boundary from one base, so a 31st stays the 31st after a short month: the period's
  // start when it was a calendar month (its day is the billing day), else its end (a trial or
  // a moved anchor ends on the new billing day).
  const monthly = addMonthsUtc(period.cycleStart, 1) === period.cycleEnd;
  const base = monthly ? period.cycleStart : period.cycleEnd;
  let start = period.cycleEnd;
  for (let months = monthly ? 2 : 1; months <= MAX_ROLL_MONTHS; months++) {
    const end = addMonthsUtc(base, months);
    if (now < end) return { start, end };
    start = end;
  }
  return { start, end: addMonthsUtc(start, 1) };
}
