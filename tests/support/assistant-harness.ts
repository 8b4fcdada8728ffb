import type { AppEvent } from '../../electron/core/events/event-hub';
import { FakeOpenAiApi } from '../fakes/openai/fake-openai-api';
import { openTestCore, tempDataDir, type TestCore } from './core-fixture';
import type { CoreOptions } from '../../electron/core/open-core';

/** A key shaped like OpenAI's, so the logger's redaction is tested on the real shape. */
export const HOSTED_KEY = 'sk-proj-TESTKEY0123456789abcdefGHIJKLmnop';

export interface AssistantRig extends TestCore {
  fake: FakeOpenAiApi;
  events: AppEvent[];
  dataDir: string;
  close(): Promise<void>;
}

/** The real core with a hosted provider set up against the fake (key in the vault, model chosen). */
export async function openAssistantRig(overrides: Partial<CoreOptions> = {}, fakeKey: string | null = HOSTED_KEY): Promise<AssistantRig> {
  const fake = await new FakeOpenAiApi({ apiKey: fakeKey }).start();
  const { dir, remove } = tempDataDir('agencyiq-assistant-');
  const opened = await openTestCore(dir, overrides);
  const events: AppEvent[] = [];
  opened.core.events.subscribe((event) => events.push(event));
  return {
    ...opened,
    fake,
    events,
    dataDir: dir,
    close: async () => {
      await opened.core.close();
      await fake.stop();
      remove();
    },
  };
}

/** The chunks streamed for one request, joined in order. */
export function chunkText(events: readonly AppEvent[], requestId: string): string {
  return events
    .filter((event) => event.event === 'assistant.chunk' && (event.payload as { requestId: string }).requestId === requestId)
    .map((event) => (event.payload as { text: string }).text)
    .join('');
}
