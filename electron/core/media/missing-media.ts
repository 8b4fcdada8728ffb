import type { MissingMedia } from '@shared/ipc/backups-channels';
import type { Database } from '../db/schema';
import { MediaFiles } from './media-files';

const EXCERPT = 60;

/**
 * After a restore: the posts whose attached files are not in the media folder (a backup only
 * carries the database — the media index — not the files), each with what it lost, so the owner
 * hears it now rather than at publish time. Posts in the bin are left out.
 */
export async function findMissingMedia(db: Database, dataDir: string): Promise<MissingMedia[]> {
  const files = new MediaFiles(dataDir);
  const rows = await db
    .selectFrom('post_media as pm')
    .innerJoin('media as m', 'm.hash', 'pm.media_hash')
    .innerJoin('posts as p', 'p.id', 'pm.post_id')
    .where('p.deleted_at', 'is', null)
    .select(['pm.post_id', 'p.body', 'pm.position', 'm.hash', 'm.kind', 'm.format'])
    .orderBy('pm.post_id')
    .orderBy('pm.position')
    .execute();
  const byPost = new Map<string, MissingMedia>();
  for (const row of rows) {
    if (await files.has(row.hash)) continue;
    const entry = byPost.get(row.post_id) ?? {
      postId: row.post_id,
      excerpt: row.body.length > EXCERPT ? `${row.body.slice(0, EXCERPT)}…` : row.body,
      files: [],
    };
    entry.files.push({ position: row.position, kind: row.kind, format: row.format });
    byPost.set(row.post_id, entry);
  }
  return [...byPost.values()];
}
