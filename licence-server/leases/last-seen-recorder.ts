import type { FastifyBaseLogger } from 'fastify';
import { deviceStore } from '../db/device-store';
import type { LicenceDb } from '../db/open-licence-db';

const FLUSH_EVERY_MS = 1000;
const CHUNK = 500;

/**
 * "Last seen" for the devices list, written in batches: a renewal only marks the device, and
 * once a second one UPDATE per 500 devices records them. Renewals stay reads; a burst of
 * first renewals (every app starting after an outage) costs a few statements, not thousands.
 */
export class LastSeenRecorder {
  private pending = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: LicenceDb,
    private readonly log: FastifyBaseLogger,
  ) {}

  mark(deviceId: string, now: number): void {
    this.pending.set(deviceId, now);
    if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), FLUSH_EVERY_MS);
      this.timer.unref();
    }
  }

  /** Writes everything marked so far; also called when the server closes. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = new Map();
    this.flushing = this.flushing.then(() => this.write(batch));
    return this.flushing;
  }

  private async write(batch: Map<string, number>): Promise<void> {
    // To the second, so that a batch needs one statement per second it spans, not per device.
    const byInstant = new Map<number, string[]>();
    for (const [id, at] of batch) {
      const second = Math.floor(at / 1000) * 1000;
      const ids = byInstant.get(second);
      if (ids) ids.push(id);
      else byInstant.set(second, [id]);
    }
    try {
      for (const [at, ids] of byInstant) {
        for (let i = 0; i < ids.length; i += CHUNK) await deviceStore.touchMany(this.db.db, ids.slice(i, i + CHUNK), at);
      }
    } catch (error) {
      this.log.warn({ err: error, devices: batch.size }, 'Could not record when devices were last seen');
    }
  }
}
