import type { AsleepReason } from '@shared/ipc/scheduling-channels';

/** The sentence beside a post due while the computer is likely asleep (Compose, the post's card). */
export function asleepSentence(reason: AsleepReason): string {
  return reason === 'owner-said'
    ? 'This computer is usually asleep then (you said so in Settings), so this post will be missed unless it is awake — choose another time or keep it on.'
    : 'AgencyIQ was not running at this time on each of the last three days — the computer is likely asleep then, so this post may be missed. Choose another time or keep it on.';
}

/** The few words on a calendar chip. */
export const ASLEEP_MARK = 'Likely asleep';
