import { PLATFORM_LABELS, type Platform } from '@shared/domain/platform';
import type { Attachment } from '@shared/ipc/media-channels';
import { validatePostMedia, type MediaProblem } from '@shared/platforms/validate-media';

/**
 * Each chosen platform's media reasons for these attachments. With `youtubeTitle` it is the
 * core's own check (the title's reasons included); the attachments ask without it, as a title is
 * not something the owner fixes among the files.
 */
export function mediaProblems(attachments: readonly Attachment[], platforms: readonly Platform[], youtubeTitle?: string): MediaProblem[] {
  return platforms.flatMap((platform) =>
    validatePostMedia(platform, attachments, platform === 'youtube' && youtubeTitle !== undefined ? { title: youtubeTitle } : {}),
  );
}

export const forAttachment = (problems: readonly MediaProblem[], id: string): MediaProblem[] =>
  problems.filter((problem) => problem.attachmentId === id);

export const forPost = (problems: readonly MediaProblem[]): { platform: string; reason: string }[] =>
  problems.filter((problem) => problem.attachmentId === null).map((problem) => ({ platform: PLATFORM_LABELS[problem.platform], reason: problem.reason }));
