import { useCallback, useEffect, useState } from 'react';
import type { EventPayloadOf, ResponseOf } from '@shared/ipc/contract';
import type { PostView } from '@shared/ipc/scheduling-channels';
import { call, errorMessage, subscribe } from '../ipc/client';
import { useSchedulingChanges } from '../scheduling/use-scheduling-changes';

export type Overview = ResponseOf<'publishing.overview'>;
export type OverviewState = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; overview: Overview };

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
 * The publishing overview, updated per target the moment the engine reports it
 * (`publishing.target-changed`), then reloaded to regroup posts between the sections.
 */
export function usePublishingOverview(): { loaded: OverviewState; reload: () => void; replace: (post: PostView) => void } {
  const [loaded, setLoaded] = useState<OverviewState>({ state: 'loading' });
  const [round, setRound] = useState(0);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  useSchedulingChanges(reload, true);

  useEffect(
    () =>
      subscribe('publishing.target-changed', (change) =>
        setLoaded((prev) =>
          prev.state !== 'ready'
            ? prev
            : {
                state: 'ready',
                overview: {
                  inProgress: patchPosts(prev.overview.inProgress, change),
                  needsAttention: patchPosts(prev.overview.needsAttention, change),
                  recent: patchPosts(prev.overview.recent, change),
                },
              },
        ),
      ),
    [],
  );

  useEffect(() => {
    let current = true;
    call('publishing.overview', {}).then(
      (overview) => current && setLoaded({ state: 'ready', overview }),
      (error: unknown) => current && setLoaded((prev) => (prev.state === 'ready' ? prev : { state: 'error', message: errorMessage(error) })),
    );
    return () => {
      current = false;
    };
  }, [round]);

  /** Takes the post an action answered with, until the next reload regroups it. */
  const replace = useCallback((post: PostView) => {
    setLoaded((prev) => {
      if (prev.state !== 'ready') return prev;
      const swap = (posts: PostView[]) => posts.map((p) => (p.postId === post.postId ? post : p));
      return {
        state: 'ready',
        overview: { inProgress: swap(prev.overview.inProgress), needsAttention: swap(prev.overview.needsAttention), recent: swap(prev.overview.recent) },
      };
    });
  }, []);

  return { loaded, reload, replace };
}
