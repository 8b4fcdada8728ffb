import type { Database } from '../db/schema';

/**
 * When the next scheduled post is due (ms since the epoch), or null when none is. A missed post
 * waits for the owner's choice and will not go out by itself, so it is not "next".
 */
export async function nextScheduledAt(db: Database): Promise<number | null> {
  const row = await db
    .selectFrom('posts')
    .select((eb) => eb.fn.min<number | null>('scheduled_at').as('next'))
    .where('state', '=', 'scheduled')
    .where('deleted_at', 'is', null)
    .where('scheduled_at', 'is not', null)
    .where('missed_at', 'is', null)
    .executeTakeFirst();
  return row?.next ?? null;
}
