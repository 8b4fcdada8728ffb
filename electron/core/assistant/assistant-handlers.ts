import type { assistantChannels } from '@shared/ipc/assistant-channels';
import type { HandlersFor } from '../handler-types';
import type { AssistantService } from './assistant-service';

export function createAssistantHandlers(assistant: AssistantService): HandlersFor<keyof typeof assistantChannels> {
  return {
    'assistant.settings': () => assistant.settings(),
    'assistant.saveSettings': (input) => assistant.save(input),
    'assistant.testConnection': () => assistant.testConnection(),
    'assistant.models': async () => ({ models: await assistant.models() }),
    'assistant.write': (request) => assistant.write(request),
    'assistant.stop': async ({ requestId }) => ({ stopped: assistant.stop(requestId) }),
    'assistant.rewrite': async ({ text, platforms }) => ({ variants: await assistant.rewrite(text, platforms) }),
    'assistant.ideas': async () => ({ ideas: await assistant.ideas() }),
    'assistant.preview': (request) => assistant.preview(request),
    'assistant.altText': async ({ attachmentId }) => ({ text: await assistant.altText(attachmentId) }),
    'assistant.localCalendar': ({ days }) => assistant.localCalendar(days),
  };
}
