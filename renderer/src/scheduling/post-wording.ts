import { PLATFORM_LABELS, type Platform } from '@shared/domain/platform';
import type { PostView, TargetView } from '@shared/ipc/scheduling-channels';

/** How one platform of a post stands, in a few plain words. */
export const TARGET_STATE_LABELS: Record<TargetView['state'], string> = {
  draft: 'Draft',
  scheduled: 'Scheduled',
  publishing: 'Publishing now…',
  published: 'Published',
  failed: 'Not published',
  needs_check: 'Needs your check',
  needs_reconnect: 'Needs you to reconnect',
};

const AUDIENCE_WORDS: Record<NonNullable<TargetView['audience']>, string | null> = {
  private: 'private: only you can watch it',
  unlisted: 'unlisted: anyone with the link can watch it',
  public: null,
};

/**
 * The state in plain words, saying who can see a published post where the owner chose it: a
 * private YouTube video is "Published" on YouTube but nobody else sees it, and must not read as live.
 */
export function targetStateLabel(target: Pick<TargetView, 'state' | 'audience'>): string {
  const audience = target.state === 'published' && target.audience !== null ? AUDIENCE_WORDS[target.audience] : null;
  return audience === null ? TARGET_STATE_LABELS[target.state] : `${TARGET_STATE_LABELS[target.state]} (${audience})`;
}

/** "Untitled post" rather than an empty line. */
export function postTitle(post: Pick<PostView, 'excerpt'>): string {
  return post.excerpt.trim() === '' ? 'Untitled post (no text)' : post.excerpt;
}

const names = new Intl.ListFormat('en-AU', { type: 'conjunction' });

/** "X and LinkedIn". */
export function platformNames(platforms: readonly Platform[]): string {
  return names.format(platforms.map((platform) => PLATFORM_LABELS[platform]));
}

/** "View on X" — where a published post can be seen. */
export function viewLabel(platform: Platform): string {
  return `View on ${PLATFORM_LABELS[platform]}`;
}

/** A scheduled post nothing has started on yet: it can still be moved, edited or unscheduled. */
export function isScheduledAndUntouched(post: PostView): boolean {
  return post.state === 'scheduled' && post.targets.every((target) => target.state === 'scheduled');
}
