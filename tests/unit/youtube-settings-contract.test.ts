import { describe, expect, it } from 'vitest';
import { invokeChannels } from '@shared/ipc/contract';
import { createDispatcher } from '../../electron/ipc/dispatcher';
import { silentLogger } from '../../electron/core/ports/logger';

// drafts.save carries a YouTube post's settings (who can watch it, "notify subscribers"); the
// contract takes only YouTube's three privacy values, a real boolean, and only on YouTube's target.

const save = invokeChannels['drafts.save'].request;
const id = '6f1d2c1e-8a4b-4c2d-9e3f-0a1b2c3d4e5f';
const youtubeTarget = (youtube: unknown) => ({ platform: 'youtube', text: null, title: 'Shaping a loaf', youtube });

describe('YouTube settings in drafts.save', () => {
  it('accepts each privacy with notifySubscribers, and a target without settings', () => {
    for (const privacy of ['private', 'unlisted', 'public']) {
      expect(save.safeParse({ id, body: 'Loaf', targets: [youtubeTarget({ privacy, notifySubscribers: privacy === 'public' })] }).success).toBe(true);
    }
    expect(save.safeParse({ id, body: 'Loaf', targets: [{ platform: 'youtube', text: null, title: 'Shaping a loaf' }] }).success).toBe(true);
  });

  it('refuses a privacy YouTube does not have, a missing or non-boolean notifySubscribers, and extra keys', () => {
    for (const youtube of [
      { privacy: 'friends', notifySubscribers: false },
      { privacy: 'public' },
      { privacy: 'public', notifySubscribers: 'yes' },
      { privacy: 'public', notifySubscribers: false, madeForKids: true },
      null,
    ]) {
      expect(save.safeParse({ id, body: 'Loaf', targets: [youtubeTarget(youtube)] }).success).toBe(false);
    }
  });

  it('refuses YouTube settings on another platform’s target', () => {
    const x = { platform: 'x', text: null, title: null, youtube: { privacy: 'public', notifySubscribers: true } };
    expect(save.safeParse({ id, body: 'Loaf', targets: [x] }).success).toBe(false);
  });

  it('answers a typed invalid_request through the dispatcher, and the handler is never called', async () => {
    let called = false;
    const dispatch = createDispatcher({ 'drafts.save': async () => ((called = true), { id, revision: 1, updatedAt: 0 }) } as never, silentLogger);
    const result = await dispatch('drafts.save', { id, body: 'Loaf', targets: [youtubeTarget({ privacy: 'everyone', notifySubscribers: true })] });
    expect(result.ok).toBe(false);
    expect(result.ok ? null : result.error.code).toBe('invalid_request');
    expect(called).toBe(false);
  });
});
