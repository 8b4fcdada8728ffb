import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { MediaRefusedError } from './media-errors';
import { sniffMediaType, SNIFF_BYTES, type SniffedType } from './sniff-media-type';

/** The biggest file the library takes: Facebook's 10 GB video cap, the largest any network here documents below YouTube's. */
export const MAX_MEDIA_BYTES = 10 * 1024 * 1024 * 1024;

/** Where the bytes come from: a file the host named, or chunks (the browser host sends bytes). */
export type MediaSource = { path: string } | { chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array> };

/** A copy written beside the library, hashed and typed, not yet in place. */
export interface StagedFile {
  hash: string;
  bytes: number;
  type: SniffedType;
  stagedPath: string;
}

/**
 * The media folder: each file at `media/<first two hex>/<sha-256>`, thumbnails at
 * `media/thumbs/<sha-256>.jpg`. Copies are written under `media/incoming/` and renamed into
 * place, so a file in its place is always whole.
 */
export class MediaFiles {
  readonly root: string;
  constructor(dataDir: string, private readonly maxBytes = MAX_MEDIA_BYTES) {
    this.root = path.join(dataDir, 'media');
  }

  pathOf(hash: string): string {
    return path.join(this.root, hash.slice(0, 2), hash);
  }
  thumbnailOf(hash: string): string {
    return path.join(this.root, 'thumbs', `${hash}.jpg`);
  }
  /** A video's poster (a frame the renderer drew), beside the video under its hash. */
  posterOf(hash: string): string {
    return `${this.pathOf(hash)}.poster.jpg`;
  }

  /**
   * Streams the source into a staged copy, hashing as it writes and sniffing the first bytes:
   * the whole file is never in memory. A refused or failed copy leaves nothing behind.
   */
  async stage(source: MediaSource): Promise<StagedFile> {
    const incoming = path.join(this.root, 'incoming');
    await mkdir(incoming, { recursive: true, mode: 0o700 });
    const stagedPath = path.join(incoming, randomBytes(12).toString('hex'));
    const out = await open(stagedPath, 'wx', 0o600);
    const hash = createHash('sha256');
    let bytes = 0;
    let head: Uint8Array = new Uint8Array(0);
    let type: SniffedType | null = null;
    try {
      const chunks = 'path' in source ? createReadStream(source.path) : source.chunks;
      for await (const chunk of chunks as AsyncIterable<Uint8Array>) {
        const part = chunk instanceof Uint8Array ? chunk : new Uint8Array(chunk as ArrayBuffer);
        if (type === null) {
          head = concat(head, part.subarray(0, SNIFF_BYTES));
          if (head.length >= SNIFF_BYTES) type = sniffMediaType(head);
        }
        bytes += part.length;
        if (bytes > this.maxBytes) {
          throw new MediaRefusedError('too_large', `This file is larger than ${Math.round(this.maxBytes / 1024 ** 3)} GB, more than any network takes. Nothing was added.`);
        }
        hash.update(part);
        await out.write(part);
      }
      type ??= sniffMediaType(head);
      await out.sync();
      await out.close();
      return { hash: hash.digest('hex'), bytes, type, stagedPath };
    } catch (error) {
      await out.close().catch(() => {});
      await rm(stagedPath, { force: true });
      throw error;
    }
  }

  /** Moves a staged copy into its place; when the same bytes are already there, keeps those. */
  async keep(staged: StagedFile): Promise<string> {
    const target = this.pathOf(staged.hash);
    await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
    if (await exists(target)) await rm(staged.stagedPath, { force: true });
    else await rename(staged.stagedPath, target);
    return target;
  }

  async discard(staged: StagedFile): Promise<void> {
    await rm(staged.stagedPath, { force: true });
  }

  async remove(hash: string): Promise<void> {
    await rm(this.pathOf(hash), { force: true });
    await rm(this.thumbnailOf(hash), { force: true });
    await rm(this.posterOf(hash), { force: true });
    // Copies prepared for the networks (publishing/target-media.ts) go with their original.
    const prepared = path.join(this.root, 'prepared');
    const names = await readdir(prepared).catch(() => [] as string[]);
    await Promise.all(names.filter((name) => name.startsWith(`${hash}-`)).map((name) => rm(path.join(prepared, name), { force: true })));
  }

  async has(hash: string): Promise<boolean> {
    return exists(this.pathOf(hash));
  }
}

const exists = async (file: string): Promise<boolean> => stat(file).then(() => true, () => false);

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}
