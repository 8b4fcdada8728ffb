import { createContext, useContext } from 'react';
import type { AsleepReason, PostView } from '@shared/ipc/scheduling-channels';
import { useIpcQuery } from '../data/use-ipc-query';
import { isScheduledAndUntouched } from './post-wording';

const NONE: ReadonlyMap<string, AsleepReason> = new Map();

/**
 * Which of these posts are due while the computer is likely asleep (`scheduling.asleep`), by post
 * id. Only posts still waiting to go out are asked about; the answer follows the owner's hours
 * (`preferences.changed` invalidates it).
 */
export function useAsleep(posts: readonly PostView[]): ReadonlyMap<string, AsleepReason> {
  const waiting = posts.filter((post) => post.scheduledAt !== null && post.missedAt === null && isScheduledAndUntouched(post));
  const instants = [...new Set(waiting.map((post) => post.scheduledAt!))].sort((a, b) => a - b).slice(0, 500);
  const query = useIpcQuery('scheduling.asleep', { instants }, { enabled: instants.length > 0 });
  const reasons = query.data?.reasons;
  if (reasons === undefined || reasons.length !== instants.length) return NONE;
  const byInstant = new Map(instants.map((instant, index) => [instant, reasons[index] ?? null]));
  const found = new Map<string, AsleepReason>();
  for (const post of waiting) {
    const reason = byInstant.get(post.scheduledAt!);
    if (reason) found.set(post.postId, reason);
  }
  return found;
}

/** The Calendar's answer, for every chip below it. */
export const AsleepContext = createContext<ReadonlyMap<string, AsleepReason>>(NONE);

export function useAsleepOf(postId: string): AsleepReason | null {
  return useContext(AsleepContext).get(postId) ?? null;
}
