import { PLATFORM_LABELS, type Platform } from '@shared/domain/platform';
import type { ScheduleProblem } from '@shared/ipc/scheduling-channels';
import { countPlatformText } from '@shared/platforms/limits';
import { canPublishTo } from '@shared/platforms/publishable';
import { validatePostMedia, type MediaFacts } from '@shared/platforms/validate-media';
import {
  describeInstant,
  describeLocalDate,
  describeLocalTime,
  parseLocalDate,
  parseLocalTime,
  wallToInstant,
} from '@shared/time/zoned-time';
import { CoreError } from '../errors';

/** What validation reads of a post: its shared body and one row per chosen platform. */
export interface PostContent {
  body: string;
  targets: ReadonlyArray<{ platform: Platform; text_override: string | null; title: string | null }>;
  /** The post's attachments in order, when known: each network's media rules are checked too. */
  media?: readonly MediaFacts[];
}

/** A platform's connection as validation needs it; null when the platform is not connected. */
export type ConnectionFact = { id: string; state: 'connected' | 'needs_reconnect' } | null;

/**
 * Everything that stands in the way of publishing this post's content, whatever the time: at
 * least one platform; per platform, a release that publishes there, non-empty text within the
 * platform's limit (X by its weighted count) and a working connection. Pure; one problem per
 * reason, each naming its platform so the UI can show it beside it.
 */
export function contentProblems(post: PostContent, connectionOf: (platform: Platform) => ConnectionFact): ScheduleProblem[] {
  if (post.targets.length === 0) return [{ platform: null, message: 'Choose at least one platform to publish to.' }];
  const problems: ScheduleProblem[] = [];
  for (const target of post.targets) {
    const platform = target.platform;
    const label = PLATFORM_LABELS[platform];
    if (!canPublishTo(platform)) {
      problems.push({ platform, message: `${label} publishing arrives in a later update. Remove ${label} to schedule this post.` });
      continue;
    }
    if (platform === 'youtube' && (target.title ?? '').trim() === '') {
      problems.push({ platform, message: 'The YouTube video has no title. Give it a title (up to 100 characters), or remove YouTube.' });
    }
    const text = target.text_override ?? post.body;
    if (text.trim() === '') {
      problems.push({ platform, message: `The ${label} post has no text. Write something for ${label}, or remove it.` });
    } else {
      for (const count of countPlatformText(platform, { text, title: target.title ?? '' })) {
        if (!count.over) continue;
        const how = platform === 'x' ? ' (X counts each link as 23 and each emoji as 2)' : '';
        problems.push({
          platform,
          message: `The ${label} ${count.label.toLowerCase()} is ${count.used.toLocaleString('en-AU')} characters${how}; ${label} allows ${count.max.toLocaleString('en-AU')}. Shorten it by ${(count.used - count.max).toLocaleString('en-AU')}.`,
        });
      }
    }
    // The same per-network media rules Compose shows on the attachments (an Instagram post needs
    // media). Not their title rules: the title is checked above (empty, and over its limit with
    // the text), so one problem is said once.
    if (post.media !== undefined) {
      for (const problem of validatePostMedia(platform, post.media)) {
        problems.push({ platform, message: problem.reason, ...(problem.attachmentId !== null ? { attachmentId: problem.attachmentId } : {}) });
      }
    }
    const connection = connectionOf(platform);
    if (connection === null) {
      problems.push({ platform, message: `${label} is not connected. Connect it on the Connections page first.`, about: 'connection' });
    } else if (connection.state === 'needs_reconnect') {
      problems.push({ platform, message: `${label} needs you to sign in again. Reconnect it on the Connections page first.`, about: 'connection' });
    }
  }
  return problems;
}

/**
 * The instant the owner means by a day and time in `zone`. A time the clocks skip (spring
 * forward) is refused with the nearest valid time named, rather than silently moved; a time
 * that happens twice (fall back) is its first occurrence.
 */
export function resolvePickedTime(date: string, time: string, zone: string): { instant: number } | { problem: ScheduleProblem } {
  const day = parseLocalDate(date);
  const minute = parseLocalTime(time);
  if (day === null || minute === null) return { problem: { platform: null, message: `${date} is not a day in the calendar. Pick another day.` } };
  const resolved = wallToInstant(day, minute, zone);
  if (resolved.kind !== 'gap') return { instant: resolved.instant };
  const valid = parseLocalTime(resolved.firstValid.time) ?? 0;
  return {
    problem: {
      platform: null,
      message: `${describeLocalTime(minute)} on ${describeLocalDate(day)} does not exist in ${zone}: the clocks go forward that night. The nearest valid time is ${describeLocalTime(valid)}.`,
    },
  };
}

/** A chosen time that has already passed (a minute picked a few seconds late included). */
export function pastTimeProblem(instant: number, now: number, zone: string): ScheduleProblem | null {
  if (instant > now) return null;
  return { platform: null, message: `${describeInstant(instant, zone)} has already passed. Pick a later time, or use Publish now.` };
}

/** The `conflict` error that carries the problems to the owner, in plain words. */
export function problemsError(problems: readonly ScheduleProblem[]): CoreError {
  return new CoreError('conflict', `This post can't be scheduled yet. ${problems.map((p) => p.message).join(' ')}`);
}
