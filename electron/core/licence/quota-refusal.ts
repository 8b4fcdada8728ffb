import { describeInstant } from '@shared/time/zoned-time';
import type { ReserveResult } from './quota-ledger';

/** The plain words for a post the plan does not cover; nothing was sent. */
export function quotaRefusalMessage(result: Extract<ReserveResult, { kind: 'no-plan' | 'exhausted' }>, timeZone: string): string {
  if (result.kind === 'no-plan') {
    return 'Publishing needs an active plan. Open the Plan page to choose one or to check yours. Nothing was sent.';
  }
  // Named the way scheduling names it when it refuses Publish now (one wording for the reset).
  return `No posts are left on your plan this cycle; it resets on ${describeInstant(result.resetsAt, timeZone)}. Nothing was sent.`;
}
