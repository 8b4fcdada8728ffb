import type { ScheduleProblem } from '@shared/ipc/scheduling-channels';

/**
 * Which of the core's scheduling problems a platform's card in Compose says. Each problem is said
 * once, where it is most precise: a connection at "Post to" (with its Connect), one attachment's
 * problem on that attachment (its reason names the network), everything else beside the platform.
 */
export function platformCardProblems(problems: readonly ScheduleProblem[]): ScheduleProblem[] {
  return problems.filter((problem) => problem.about !== 'connection' && problem.attachmentId === undefined);
}
