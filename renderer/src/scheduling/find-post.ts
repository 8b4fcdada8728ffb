import type { PostView } from '../../../shared/ipc/scheduling-channels';
import { call } from '../ipc/client';

const PAGE = 200;
const MAX_PAGES = 5;

/**
 * A scheduled post by id, from the upcoming list (a post opened by its address after it left
 * the drafts). Null when it is not (or no longer) upcoming.
 */
export async function findUpcomingPost(postId: string): Promise<{ post: PostView; timeZone: string } | null> {
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const list = await call('scheduling.upcoming', { limit: PAGE, offset: page * PAGE });
    const post = list.items.find((item) => item.postId === postId);
    if (post) return { post, timeZone: list.timeZone };
    if (!list.hasMore) return null;
  }
  return null;
}
