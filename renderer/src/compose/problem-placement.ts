import type { ScheduleProblem } from '@shared/ipc/scheduling-channels';
import type { MediaProblem } from '@shared/platforms/validate-media';

/**
 * Which of the core's scheduling problems a platform's card in Compose says. Each problem is said
 * once, where the owner can act on it: a connection at "Post to" (with its Connect), one
 * attachment's problem on that attachment (its reason names the network), a problem of the post's
 * files as a whole ("YouTube needs a video", "X takes no documents (PDF)") under the attachments,
 * where files are added and removed; everything else beside the platform.
 *
 * `mediaRules` is what each chosen network's media rules say of this post (`validatePostMedia`,
 * with YouTube's title, as the core's check runs them), so the check's copy of each is known by its
 * network and words. A title reason among them is left off the card too: the card already says an
 * empty title in the check's own words, and a long one is counted under the title field.
 */
export function platformCardProblems(problems: readonly ScheduleProblem[], mediaRules: readonly MediaProblem[]): ScheduleProblem[] {
  const saidElsewhere = new Set(mediaRules.map((rule) => ruleKey(rule.platform, rule.reason)));
  return problems.filter(
    (problem) =>
      problem.about !== 'connection' &&
      problem.attachmentId === undefined &&
      !(problem.platform !== null && saidElsewhere.has(ruleKey(problem.platform, problem.message))),
  );
}

const ruleKey = (platform: string, words: string): string => `${platform}\n${words}`;
