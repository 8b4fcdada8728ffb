import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { MediaStepsStore } from '../../electron/core/publishing/media-steps-store';
import { openTempDatabase, type TempDatabase } from '../support/temp-database';
import { seedScheduledPost } from '../support/publishing-fixture';

// The durable journal of a target's media steps (migration 013): what an adapter uploaded is
// there after a restart, and gone once the target is published or failed for good.

let temp: TempDatabase;
const clock = { now: () => 1_800_000_000_000 };

beforeEach(() => {
  temp = openTempDatabase('agencyiq-steps-');
});
afterEach(async () => {
  await temp.cleanup();
});

function seedTarget(): string {
  const post = seedScheduledPost(temp.database.sqlite, { body: `Cake ${randomUUID()}`, scheduledAt: clock.now(), targets: [{ platform: 'x', connectionId: null }] });
  return post.targets.x!;
}

const setState = (targetId: string, state: string) => temp.database.sqlite.prepare('UPDATE post_targets SET state = ? WHERE id = ?').run(state, targetId);

describe('media steps journal', () => {
  it('a recorded step is there after the database is reopened; recording again replaces it; other targets do not see it', async () => {
    const target = seedTarget();
    const other = seedTarget();
    const steps = await new MediaStepsStore(temp.database, clock).forTarget(target);
    expect(steps.get('x.media.0')).toBeNull();
    await steps.record('x.media.0', '{"id":"1"}');
    expect(steps.get('x.media.0')).toBe('{"id":"1"}');
    await steps.record('x.media.0', '{"id":"2"}');

    const reopened = await temp.reopen();
    const again = await new MediaStepsStore(reopened, clock).forTarget(target);
    expect(again.get('x.media.0')).toBe('{"id":"2"}');
    expect((await new MediaStepsStore(reopened, clock).forTarget(other)).get('x.media.0')).toBeNull();
  });

  it('kept while the target waits (scheduled, needs_check), deleted when it is published or failed', async () => {
    const waiting = seedTarget();
    const published = seedTarget();
    const failed = seedTarget();
    const store = new MediaStepsStore(temp.database, clock);
    for (const target of [waiting, published, failed]) await (await store.forTarget(target)).record('k', 'v');
    setState(waiting, 'publishing');
    setState(waiting, 'needs_check');
    setState(published, 'published');
    setState(failed, 'failed');
    expect((await store.forTarget(waiting)).get('k')).toBe('v');
    expect((await store.forTarget(published)).get('k')).toBeNull();
    expect((await store.forTarget(failed)).get('k')).toBeNull();
  });

  it('a deleted post takes its steps with it', async () => {
    const target = seedTarget();
    await (await new MediaStepsStore(temp.database, clock).forTarget(target)).record('k', 'v');
    temp.database.sqlite.prepare('DELETE FROM posts').run();
    expect(temp.database.sqlite.prepare('SELECT count(*) AS n FROM publish_media_steps').get()).toEqual({ n: 0 });
  });
});
