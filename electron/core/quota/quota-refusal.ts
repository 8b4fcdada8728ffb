import type { ReserveResult } from './quota-ledger';

/** The plain words for a post the plan does not cover; nothing was sent. */
export function quotaRefusalMessage(result: Extract<ReserveResult, { kind: 'no-plan' | 'exhausted' }>, timeZone: string): string {
  if (result.kind === 'no-plan') {
    return 'Publishing needs an active plan. Open the Plan page to choose one or to check yours. Nothing was sent.';
  }
  const date = new Intl.DateTimeFormat('en-AU', { dateStyle: 'long', timeZone }).format(result.resetsAt);
  return `No posts are left on your plan this cycle; it resets on ${date}. Nothing was sent.`;
}
