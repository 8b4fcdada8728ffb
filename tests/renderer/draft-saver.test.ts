import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DraftInput } from '@shared/ipc/drafts-channels';
import type { IpcResult } from '@shared/ipc/errors';
import { installFakeWindow } from './fake-window';
import { flushAllSavers, saverFor } from '../../renderer/src/compose/draft-saver';
import { readJournal } from '../../renderer/src/compose/draft-journal';

const draft = (id: string, body: string): DraftInput => ({ id, body, targets: [] });

/** A `drafts.save` the test answers by hand, in order. */
function manualSaves() {
  const waiting: Array<(result: IpcResult<unknown>) => void> = [];
  const fake = installFakeWindow(() => new Promise((resolve) => waiting.push(resolve)));
  return {
    ...fake,
    saves: () => fake.calls.filter((c) => c.channel === 'drafts.save').map((c) => (c.request as DraftInput).body),
    answer: (result: IpcResult<unknown>) => waiting.shift()!(result),
  };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('the draft saver (Compose autosave)', () => {
  it('journals every keystroke at once, saves once after a pause in typing, and clears the journal on the answer', async () => {
    const fake = manualSaves();
    const id = randomUUID();
    const saver = saverFor(id, { kind: 'idle' });
    saver.update(draft(id, 'F'));
    saver.update(draft(id, 'Fr'));
    saver.update(draft(id, 'Fresh'));
    expect(readJournal(id)?.body).toBe('Fresh');
    expect(saver.getStatus()).toEqual({ kind: 'pending' });
    vi.advanceTimersByTime(399);
    expect(fake.saves()).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(fake.saves()).toEqual(['Fresh']);
    expect(saver.getStatus()).toEqual({ kind: 'saving' });
    fake.answer({ ok: true, value: { id, updatedAt: 1234 } });
    await saver.settled();
    expect(saver.getStatus()).toEqual({ kind: 'saved', at: 1234 });
    expect(readJournal(id)).toBeNull();
  });

  it('keeps one save in flight and sends only the newest of the edits made meanwhile', async () => {
    const fake = manualSaves();
    const id = randomUUID();
    const saver = saverFor(id, { kind: 'idle' });
    saver.update(draft(id, 'one'));
    saver.flush();
    saver.update(draft(id, 'two'));
    saver.update(draft(id, 'three'));
    saver.flush();
    expect(fake.saves()).toEqual(['one']);
    fake.answer({ ok: true, value: { id, updatedAt: 1 } });
    await vi.waitFor(() => expect(fake.saves()).toEqual(['one', 'three']));
    fake.answer({ ok: true, value: { id, updatedAt: 2 } });
    await saver.settled();
    expect(saver.getStatus()).toEqual({ kind: 'saved', at: 2 });
    expect(readJournal(id)).toBeNull();
  });

  it('when the app cannot be reached, keeps the text in the journal and tries again by itself', async () => {
    const fake = manualSaves();
    const id = randomUUID();
    const saver = saverFor(id, { kind: 'idle' });
    saver.update(draft(id, 'kept'));
    saver.flush();
    fake.answer({ ok: false, error: { code: 'unavailable', message: 'Lost contact with AgencyIQ.' } });
    await saver.settled();
    expect(saver.getStatus()).toMatchObject({ kind: 'error', retrying: true });
    expect(readJournal(id)?.body).toBe('kept');
    vi.advanceTimersByTime(5_000);
    expect(fake.saves()).toEqual(['kept', 'kept']);
    fake.answer({ ok: true, value: { id, updatedAt: 9 } });
    await saver.settled();
    expect(saver.getStatus()).toEqual({ kind: 'saved', at: 9 });
    expect(readJournal(id)).toBeNull();
  });

  it('a refused save is not retried by itself, and the owner’s text stays journalled', async () => {
    const fake = manualSaves();
    const id = randomUUID();
    const saver = saverFor(id, { kind: 'idle' });
    saver.update(draft(id, 'too long'));
    saver.flush();
    fake.answer({ ok: false, error: { code: 'invalid_request', message: 'The draft is too long.' } });
    await saver.settled();
    expect(saver.getStatus()).toEqual({ kind: 'error', message: 'The draft is too long.', retrying: false });
    vi.advanceTimersByTime(60_000);
    expect(fake.saves()).toEqual(['too long']);
    expect(saver.unsaved()?.body).toBe('too long');
    expect(readJournal(id)?.body).toBe('too long');
  });

  it('flushAllSavers sends every pending edit and resolves only when they are answered (the drafts list waits for it)', async () => {
    const fake = manualSaves();
    const a = randomUUID();
    const b = randomUUID();
    saverFor(a, { kind: 'idle' }).update(draft(a, 'first'));
    saverFor(b, { kind: 'idle' }).update(draft(b, 'second'));
    let done = false;
    const flushed = flushAllSavers().then(() => (done = true));
    // Savers of earlier tests in this page may still hold unsent text: they are flushed too.
    const sent = fake.saves();
    expect(sent).toEqual(expect.arrayContaining(['first', 'second']));
    for (let i = 0; i < sent.length - 1; i++) fake.answer({ ok: true, value: { id: a, updatedAt: 1 } });
    await Promise.resolve();
    expect(done).toBe(false);
    fake.answer({ ok: true, value: { id: b, updatedAt: 1 } });
    await flushed;
    expect(done).toBe(true);
  });
});
