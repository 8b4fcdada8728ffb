import { describe, expect, it } from 'vitest';
import { eventChannels, invokeChannels, type EventName } from '@shared/ipc/contract';
import { EVENT_EFFECTS } from '../../renderer/src/data/event-invalidation';

describe('what each contract event does to the renderer’s cached reads', () => {
  it('an event that replaces a cached answer carries exactly that channel’s response shape', () => {
    for (const [event, effect] of Object.entries(EVENT_EFFECTS)) {
      if (!effect.replace) continue;
      expect(eventChannels[event as EventName].payload, `${event} → ${effect.replace}`).toBe(invokeChannels[effect.replace].response);
    }
  });

  it('every event that carries data is handled; only navigation, notifications, progress, streamed text and the restore reload are not', () => {
    const unhandled = Object.keys(eventChannels).filter((event) => !(event in EVENT_EFFECTS));
    // `assistant.chunk` is a piece of a streaming answer for the composer that asked, never a cached read.
    expect(unhandled.sort()).toEqual(['app.navigate', 'app.notification', 'assistant.chunk', 'backups.progress', 'backups.restored', 'publishing.upload-progress']);
  });

  it('a post moving on refreshes every list that shows posts, and the posts left this cycle', () => {
    for (const event of ['scheduling.changed', 'publishing.target-changed'] as const) {
      expect(EVENT_EFFECTS[event]!.invalidate).toEqual(
        expect.arrayContaining(['scheduling.calendar', 'scheduling.upcoming', 'publishing.overview', 'drafts.list', 'licence.status']),
      );
    }
  });
});
