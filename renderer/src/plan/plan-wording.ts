import type { LicenceStatus } from '@shared/ipc/licence-channels';
import { formatDateAndTime, formatLongDate } from '../format/dates';


function posts(n: number): string {
  return n === 1 ? '1 post' : `${n} posts`;
}

/**
 * The one sentence at the top of the Plan page, in plain words, for every state:
 * "Growth — 27 of 27 posts left this cycle, resets on 24 December 2026".
 */
export function planHeadline(status: LicenceStatus): string {
  switch (status.state) {
    case 'none':
      return 'No plan yet — you can draft freely; choose a plan to publish';
    case 'active': {
      const { plan, usage } = status;
      if (plan === null || usage === null) return 'Your plan is active';
      return `${plan.label} — ${usage.left} of ${posts(plan.postsPerCycle)} left this cycle, resets on ${formatLongDate(usage.resetsAt)}`;
    }
    case 'grace': {
      const until = status.grace === null ? '' : ` until ${formatLongDate(status.grace.until)}`;
      if (status.grace?.reason === 'past_due') return `Your last payment didn’t go through. Publishing keeps working${until}.`;
      const since = status.lastSyncAt === null ? 'lately' : `since ${formatDateAndTime(status.lastSyncAt)}`;
      return `We couldn’t reach AgencyIQ ${since}. Publishing keeps working${until}.`;
    }
    case 'lapsed':
      if (status.lapsedReason === 'clock_turned_back') return 'Publishing is paused: this computer’s clock looks wrong.';
      if (status.lapsedReason === 'check_needed') return 'Publishing is paused until AgencyIQ checks your plan with its server.';
      if (status.lapsedReason === 'seats_exceeded') return 'Your plan now covers fewer computers, and this one is not among them. Drafting still works; publishing is paused here.';
      return 'Your plan has ended. Drafting still works; publishing is paused.';
  }
}

/** Under an active plan (the headline already says what is left): "3 published so far this cycle." */
export function activeDetail(status: LicenceStatus): string | null {
  if (status.usage === null || status.plan === null) return null;
  const { used, reserved } = status.usage;
  const inFlight = reserved > 0 ? `, ${reserved} being published now` : '';
  const seats = status.plan.seats === 1 ? '1 computer' : `up to ${status.plan.seats} computers`;
  return `${used} published so far this cycle${inFlight}. Your plan works on ${seats}.`;
}

/** The usage line under a plan in grace: "27 posts left of 27 this cycle · 0 published · resets on …". */
export function usageLine(status: LicenceStatus): string | null {
  if (status.usage === null || status.plan === null) return null;
  const { used, reserved, left, resetsAt } = status.usage;
  const parts = [`${posts(left)} left of ${status.plan.postsPerCycle} this cycle`, `${used} published`];
  if (reserved > 0) parts.push(`${reserved} being published`);
  return `${parts.join(' · ')} · resets on ${formatLongDate(resetsAt)}`;
}

/** "A licence key is…" when the typed key cannot be one; null when it may be. */
export function licenceKeyProblem(raw: string): string | null {
  const key = raw.trim();
  if (key === '') return 'Enter the licence key from your receipt email or from the Plan page on your other computer.';
  if (key.length < 8) return 'That is too short for a licence key. Check it against your receipt email.';
  if (key.length > 100) return 'That is too long for a licence key. Paste only the key itself.';
  return null;
}
