import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { STAGING_API, STAGED_NAME } from '@shared/licence/staging-api';
import type { MediaStorage, StoredFile } from './media-storage';

/**
 * Staged files in one folder (created 0700; files 0600), served by the server's public route.
 * Names are checked against the staged-name pattern before they become paths, so no request can
 * name a file outside the folder.
 */
export function diskStorage(dir: string): MediaStorage {
  // Made on first use, so a server that never stages anything leaves no folder behind.
  let made: Promise<unknown> | null = null;
  const ready = () => (made ??= fs.mkdir(dir, { recursive: true, mode: 0o700 }));
  const pathOf = (name: string) => {
    if (!STAGED_NAME.test(name)) throw new Error('Not a staged file name.');
    return path.join(dir, name);
  };
  return {
    kind: 'disk',
    async put(name, bytes) {
      await ready();
      // Written under a temporary name and renamed, so a reader never sees half a picture.
      const partial = `${pathOf(name)}.partial`;
      await fs.writeFile(partial, bytes, { mode: 0o600, flag: 'wx' });
      await fs.rename(partial, pathOf(name));
    },
    async remove(name) {
      await fs.rm(pathOf(name), { force: true });
    },
    async list() {
      await ready();
      return (await fs.readdir(dir)).filter((entry) => STAGED_NAME.test(entry)).sort();
    },
    async publicUrl(name, _lifetimeMs, serverUrl) {
      return `${serverUrl}${STAGING_API.publicMedia}/${name}`;
    },
    async open(name): Promise<StoredFile | null> {
      const file = pathOf(name);
      try {
        const handle = await fs.open(file, 'r');
        const { size } = await handle.stat();
        return { stream: createReadStream(file, { fd: handle }), size };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
  };
}
