import type { QueueSlot } from '@shared/ipc/scheduling-channels';
import { formatLocalTime, parseLocalTime } from '@shared/time/zoned-time';
import type { Database } from '../db/schema';
import type { Clock } from '../ports/clock';

/** A weekly queue time as stored: ISO weekday and minute of the day, in the business's zone. */
export interface SlotRow {
  weekday: number;
  minute: number;
}

/** The weekly times "Add to next free slot" picks from (`queue_slots`). */
export class QueueSlotsStore {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  /** The slots, Monday first, earliest first. */
  async rows(): Promise<SlotRow[]> {
    return this.db.selectFrom('queue_slots').select(['weekday', 'minute']).orderBy('weekday').orderBy('minute').execute();
  }

  async get(): Promise<QueueSlot[]> {
    return (await this.rows()).map(toSlot);
  }

  /** Replaces every slot in one transaction; the same time given twice is kept once. */
  async set(slots: readonly QueueSlot[]): Promise<QueueSlot[]> {
    const now = this.clock.now();
    const unique = new Map<string, SlotRow>();
    for (const slot of slots) {
      const minute = parseLocalTime(slot.time);
      if (minute === null) continue; // the contract's schema already refused it
      unique.set(`${slot.weekday}:${minute}`, { weekday: slot.weekday, minute });
    }
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('queue_slots').execute();
      if (unique.size > 0) {
        await trx
          .insertInto('queue_slots')
          .values([...unique.values()].map((row) => ({ ...row, created_at: now })))
          .execute();
      }
    });
    return this.get();
  }
}

function toSlot(row: SlotRow): QueueSlot {
  return { weekday: row.weekday, time: formatLocalTime(row.minute) };
}
