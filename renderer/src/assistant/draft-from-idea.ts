import type { AssistantIdea, AssistantVariant } from '@shared/ipc/assistant-channels';
import type { DraftInput } from '@shared/ipc/drafts-channels';

/**
 * The draft "Draft it" makes: the idea as the shared text (title, then why now, for the owner to
 * edit) and each network's variant as that network's own text, so every count shows in Compose;
 * a variant over its limit is kept there, flagged by the counter, never trimmed in silence.
 */
export function draftFromIdea(id: string, idea: AssistantIdea, variants: readonly AssistantVariant[]): DraftInput {
  return {
    id,
    body: `${idea.title}\n\n${idea.whyNow}`,
    targets: variants.map((variant) => ({ platform: variant.platform, text: variant.text, title: null })),
  };
}
