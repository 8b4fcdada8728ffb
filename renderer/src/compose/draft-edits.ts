import { PLATFORMS, type Platform } from '@shared/domain/platform';
import type { DraftInput, DraftTarget } from '@shared/ipc/drafts-channels';
import { countPlatformText, type FieldCount } from '@shared/platforms/limits';

export function emptyDraft(id: string): DraftInput {
  return { id, body: '', targets: [] };
}

/** Adds or removes a platform, keeping targets in the order the UI lists platforms. */
export function togglePlatform(draft: DraftInput, platform: Platform, on: boolean): DraftInput {
  const others = draft.targets.filter((target) => target.platform !== platform);
  const targets = on ? [...others, { platform, text: null, title: platform === 'youtube' ? '' : null }] : others;
  targets.sort((a, b) => PLATFORMS.indexOf(a.platform) - PLATFORMS.indexOf(b.platform));
  return { ...draft, targets };
}

export function updateTarget(draft: DraftInput, platform: Platform, change: Partial<Omit<DraftTarget, 'platform'>>): DraftInput {
  return {
    ...draft,
    targets: draft.targets.map((target) => (target.platform === platform ? { ...target, ...change } : target)),
  };
}

/** The counts for one chosen platform: its own text when customised, otherwise the shared body. */
export function countsFor(draft: DraftInput, target: DraftTarget): FieldCount[] {
  return countPlatformText(target.platform, { text: target.text ?? draft.body, title: target.title ?? '' });
}
