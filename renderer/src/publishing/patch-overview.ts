import type { EventPayloadOf, ResponseOf } from '@shared/ipc/contract';
import type { PostView } from '@shared/ipc/scheduling-channels';

type Overview = ResponseOf<'publishing.overview'>;
type TargetChange = EventPayloadOf<'publishing.target-changed'>;

function patchPosts(posts: PostView[], change: TargetChange): PostView[] {
  return posts.map((post) =>
    post.postId !== change.postId
      ? post
      : {
          ...post,
          targets: post.targets.map((target) =>
            target.targetId !== change.targetId ? target : { ...target, state: change.state, platformUrl: change.platformUrl, error: change.error },
          ),
        },
  );
}

/**
 * The overview with one target's new state, shown the moment the engine reports it; the reload
 * that follows (`publishing.target-changed` invalidates the overview) regroups the posts.
 */
export function patchOverview(overview: Overview, change: TargetChange): Overview {
  return {
    ...overview,
    inProgress: patchPosts(overview.inProgress, change),
    needsAttention: patchPosts(overview.needsAttention, change),
    recent: patchPosts(overview.recent, change),
  };
}

/** The overview with `post` in place of its older copy (an action answered with it). */
export function replacePost(overview: Overview, post: PostView): Overview {
  const swap = (posts: PostView[]) => posts.map((p) => (p.postId === post.postId ? post : p));
  return { ...overview, inProgress: swap(overview.inProgress), needsAttention: swap(overview.needsAttention), recent: swap(overview.recent) };
}
