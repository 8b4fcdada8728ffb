import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { StageResponse } from '@shared/licence/staging-api';
import { MAX_STAGED_BYTES } from '@shared/licence/staging-api';
import type { StagingConfig } from '../config';
import { LicenceHttpError } from '../errors';
import type { Clock } from '../services';
import type { MediaStorage, StoredFile } from './media-storage';
import type { StagedMediaTables } from './staging-migration';
import { stagingStore } from './staging-store';

/** JPEG's start-of-image marker followed by the next marker's 0xFF (ISO/IEC 10918-1 B.1.1.2). */
export function looksLikeJpeg(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

const SWEEP_BATCH = 100;

/**
 * Staging's rules, in one place: what may be staged (JPEG from its bytes, ≤ 8 MiB, within the
 * device's caps), under what name (192 random bits), until when, and how it goes away (released
 * by its device, or swept at expiry). The database row is written before the bytes and removed
 * after them, so nothing in storage is ever without the row that lets the sweep find it.
 */
export class StagingService {
  constructor(
    private readonly db: Kysely<StagedMediaTables>,
    private readonly storage: MediaStorage,
    private readonly config: StagingConfig,
    private readonly clock: Clock,
  ) {}

  async stage(deviceId: string, bytes: Buffer, serverUrl: string): Promise<StageResponse> {
    if (bytes.length > MAX_STAGED_BYTES) throw tooLarge();
    if (!looksLikeJpeg(bytes)) {
      throw new LicenceHttpError('media_type_refused', 'Only JPEG pictures can be staged for Instagram; this file is not a JPEG.');
    }
    const now = this.clock.now();
    const name = `${randomBytes(24).toString('base64url')}.jpg`;
    const expiresAt = now + this.config.ttlSeconds * 1000;
    // Reserve first, then count: two uploads racing past the cap both see each other and the
    // later one is refused, on any number of instances.
    await stagingStore.add(this.db, { name, deviceId, bytes: bytes.length, expiresAt }, now);
    const usage = await stagingStore.usage(this.db, deviceId, now);
    if (usage.files > this.config.maxFilesPerDevice || usage.bytes > this.config.maxBytesPerDevice) {
      await stagingStore.remove(this.db, name);
      throw new LicenceHttpError(
        'staging_full',
        `This computer already has as many pictures staged for Instagram as it may (at most ${this.config.maxFilesPerDevice} files and ${Math.floor(this.config.maxBytesPerDevice / (1024 * 1024))} MB at once). Wait for the posts in progress to finish.`,
      );
    }
    try {
      await this.storage.put(name, bytes);
    } catch (error) {
      await this.storage.remove(name).catch(() => undefined);
      await stagingStore.remove(this.db, name);
      throw error;
    }
    return { name, url: await this.storage.publicUrl(name, expiresAt - now, serverUrl), expiresAt };
  }

  /** The device is done with its file (the post is published): the bytes go now. */
  async release(deviceId: string, name: string): Promise<void> {
    const row = await stagingStore.findOwned(this.db, name, deviceId);
    if (row === null) throw unknownMedia();
    await this.storage.remove(name);
    await stagingStore.remove(this.db, name);
  }

  /** The bytes to serve on the public route, or null once the file is released or its time is up. */
  async open(name: string): Promise<StoredFile | null> {
    if (this.storage.open === undefined) return null;
    const row = await stagingStore.find(this.db, name);
    if (row === null || row.expiresAt <= this.clock.now()) return null;
    return this.storage.open(name);
  }

  /** Deletes every file whose time is up (bytes first, then the row); returns how many went. */
  async sweep(): Promise<number> {
    let removed = 0;
    for (;;) {
      const due = await stagingStore.expired(this.db, this.clock.now(), SWEEP_BATCH);
      for (const row of due) {
        await this.storage.remove(row.name);
        await stagingStore.remove(this.db, row.name);
        removed++;
      }
      if (due.length < SWEEP_BATCH) return removed;
    }
  }
}

export const tooLarge = () => new LicenceHttpError('media_too_large', `Instagram takes pictures up to ${MAX_STAGED_BYTES / (1024 * 1024)} MB; this one is larger.`);
const unknownMedia = () => new LicenceHttpError('unknown_media', 'There is no such staged picture for this computer (it was released, or its time ran out).');
