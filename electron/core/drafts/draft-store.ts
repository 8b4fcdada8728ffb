import { randomUUID } from 'node:crypto';
import { sql, type CompiledQuery, type Transaction } from 'kysely';
import type { Platform } from '@shared/domain/platform';
import type { YouTubePrivacy, YouTubeSettings } from '@shared/platforms/youtube-settings';
import type {
  Draft,
  DraftInput,
  DraftList,
  DraftSort,
  DraftSummary,
} from '@shared/ipc/drafts-channels';
import { compileOnce, type ParamOf } from '@shared/db/prepared-query';
import type { Database, DatabaseSchema } from '../db/schema';
import { CoreError } from '../errors';
import type { Clock } from '../ports/clock';
import { toFtsMatch } from './search-query';

const EXCERPT_LENGTH = 160;

const notFound = () => new CoreError('not_found', 'That draft no longer exists.');

type ListRequest = { query: string; sort: DraftSort; limit: number; offset: number };
/** A compiled read-only query, for a connection elsewhere (the background worker's). */
export type ReadQuery = { sql: string; parameters: readonly unknown[] };

/** The owner's drafts: autosave, list and search, duplicate, delete to the bin and undo. */
export class DraftStore {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    /**
     * Runs a search's compiled query elsewhere (the core: in the background worker, since a
     * search over a long history takes long); without it, searches run on `db`.
     */
    private readonly search?: (query: ReadQuery) => Promise<Array<Record<string, unknown>>>,
  ) {}

  /** A page of live drafts, optionally filtered by a full-text search. */
  async list(request: ListRequest): Promise<DraftList> {
    const searching = request.query.trim() !== '';
    const match = toFtsMatch(request.query);
    if (searching && match === null) return { items: [], hasMore: false };
    const compiled = listQuery(request.sort, searching)(this.db, {
      match: match ?? '',
      limit: request.limit + 1,
      offset: request.offset,
    });
    const rows =
      searching && this.search
        ? ((await this.search({ sql: compiled.sql, parameters: compiled.parameters })) as ListRow[])
        : (await this.db.executeQuery(compiled)).rows;
    return {
      items: rows.slice(0, request.limit).map(toSummary),
      hasMore: rows.length > request.limit,
    };
  }

  async get(id: string): Promise<Draft> {
    const draft = await readDraft(this.db, id);
    if (!draft) throw notFound();
    return draft;
  }

  /** Creates or replaces a draft in one transaction; the answer means it is on disk. */
  async save(input: DraftInput): Promise<{ id: string; revision: number; updatedAt: number }> {
    const now = this.clock.now();
    return this.db.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom('posts')
        .select(['seq', 'state', 'revision', 'deleted_at'])
        .where('id', '=', input.id)
        .executeTakeFirst();
      if (existing?.deleted_at != null) {
        throw new CoreError('conflict', 'This draft was deleted. Undo the delete to keep editing it.');
      }
      if (existing && existing.state !== 'draft') {
        throw new CoreError('conflict', 'This post is no longer a draft, so it cannot be changed here.');
      }
      const revision = (existing?.revision ?? 0) + 1;
      let seq: number;
      if (existing) {
        seq = existing.seq;
        await trx
          .updateTable('posts')
          .set({ body: input.body, revision, updated_at: now })
          .where('seq', '=', seq)
          .execute();
      } else {
        const inserted = await trx
          .insertInto('posts')
          .values({ id: input.id, body: input.body, state: 'draft', revision, created_at: now, updated_at: now })
          .executeTakeFirstOrThrow();
        seq = Number(inserted.insertId);
      }
      await writeTargets(trx, input.id, input.targets, now);
      await writeSearchRow(trx, seq, input);
      return { id: input.id, revision, updatedAt: now };
    });
  }

  /** A new draft with the same text and platforms. */
  async duplicate(id: string): Promise<Draft> {
    const source = await this.get(id);
    const copy: DraftInput = { id: randomUUID(), body: source.body, targets: source.targets };
    await this.save(copy);
    return this.get(copy.id);
  }

  /** Moves a draft to the bin; `restore` undoes it. */
  async delete(id: string): Promise<{ id: string; deletedAt: number }> {
    const deletedAt = this.clock.now();
    const result = await this.db
      .updateTable('posts')
      .set({ deleted_at: deletedAt })
      .where('id', '=', id)
      .where('state', '=', 'draft')
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) throw notFound();
    return { id, deletedAt };
  }

  async restore(id: string): Promise<Draft> {
    const result = await this.db
      .updateTable('posts')
      .set({ deleted_at: null })
      .where('id', '=', id)
      .where('deleted_at', 'is not', null)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) throw new CoreError('not_found', 'There is no deleted draft to bring back.');
    return this.get(id);
  }

  /** Permanently removes drafts that have sat in the bin since before `cutoff`. */
  async emptyBin(cutoff: number): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const doomed = trx
        .selectFrom('posts')
        .select('seq')
        .where('state', '=', 'draft')
        .where('deleted_at', '<', cutoff);
      await trx.deleteFrom('posts_fts').where('rowid', 'in', doomed).execute();
      const result = await trx
        .deleteFrom('posts')
        .where('state', '=', 'draft')
        .where('deleted_at', '<', cutoff)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    });
  }
}

const SORT_ORDER: Record<DraftSort, readonly ['updated_at' | 'created_at', 'asc' | 'desc']> = {
  updated_desc: ['updated_at', 'desc'],
  updated_asc: ['updated_at', 'asc'],
  created_desc: ['created_at', 'desc'],
  created_asc: ['created_at', 'asc'],
};

type ListArgs = { match: string; limit: number; offset: number };

function buildListQuery(db: Database, param: ParamOf<ListArgs>, sort: DraftSort, searching: boolean) {
  const [column, direction] = SORT_ORDER[sort];
  let query = db
    .selectFrom('posts as p')
    .select(['p.id', 'p.created_at', 'p.updated_at'])
    // SQLite counts characters (code points), so the cut never splits a surrogate pair.
    .select(sql<string>`substr(p.body, 1, ${sql.lit(EXCERPT_LENGTH)})`.as('excerpt'))
    .select(sql<number>`length(substr(p.body, 1, ${sql.lit(EXCERPT_LENGTH + 1)})) > ${sql.lit(EXCERPT_LENGTH)}`.as('cut'))
    .select(
      sql<string | null>`(SELECT group_concat(t.platform, ',' ORDER BY t.position) FROM post_targets t WHERE t.post_id = p.id)`.as(
        'platforms',
      ),
    )
    .where('p.state', '=', 'draft')
    .where('p.deleted_at', 'is', null);
  if (searching) {
    query = query.where((eb) =>
      eb('p.seq', 'in', eb.selectFrom('posts_fts').select('rowid').where(sql<boolean>`posts_fts MATCH ${param('match')}`)),
    );
  }
  return query.orderBy(`p.${column}`, direction).orderBy('p.id', direction).limit(param('limit')).offset(param('offset'));
}

type ListRow = { id: string; excerpt: string; cut: number; platforms: string | null; created_at: number; updated_at: number };
const listQueries = new Map<string, (db: Database, args: ListArgs) => CompiledQuery<ListRow>>();

/** The list query for one sort order, with or without search, compiled once. */
function listQuery(sort: DraftSort, searching: boolean) {
  const key = `${sort}:${searching}`;
  let query = listQueries.get(key);
  if (!query) {
    query = compileOnce((db: Database, param: ParamOf<ListArgs>) => buildListQuery(db, param, sort, searching));
    listQueries.set(key, query);
  }
  return query;
}

function toSummary(row: ListRow): DraftSummary {
  return {
    id: row.id,
    // Whitespace is left as typed: the list renders with normal white-space, which folds it.
    excerpt: row.cut ? `${row.excerpt}…` : row.excerpt,
    platforms: row.platforms ? (row.platforms.split(',') as Platform[]) : [],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

async function readDraft(db: Database | Transaction<DatabaseSchema>, id: string): Promise<Draft | null> {
  const post = await db
    .selectFrom('posts')
    .select(['id', 'body', 'revision', 'created_at', 'updated_at'])
    .where('id', '=', id)
    .where('state', '=', 'draft')
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!post) return null;
  const targets = await db
    .selectFrom('post_targets')
    .select(['platform', 'text_override', 'title', 'youtube_privacy', 'youtube_notify_subscribers'])
    .where('post_id', '=', id)
    .orderBy('position')
    .execute();
  return {
    id: post.id,
    body: post.body,
    revision: post.revision,
    createdAt: post.created_at,
    updatedAt: post.updated_at,
    targets: targets.map((t) => ({ platform: t.platform, text: t.text_override, title: t.title, ...youtubeSettingsOf(t) })),
  };
}

/** A target's YouTube settings as the contract carries them: present only once the owner chose them. */
function youtubeSettingsOf(row: { youtube_privacy: YouTubePrivacy | null; youtube_notify_subscribers: number | null }): { youtube?: YouTubeSettings } {
  if (row.youtube_privacy === null) return {};
  return { youtube: { privacy: row.youtube_privacy, notifySubscribers: row.youtube_notify_subscribers === 1 } };
}

async function writeTargets(
  trx: Transaction<DatabaseSchema>,
  postId: string,
  targets: DraftInput['targets'],
  now: number,
): Promise<void> {
  await trx.deleteFrom('post_targets').where('post_id', '=', postId).execute();
  if (targets.length === 0) return;
  await trx
    .insertInto('post_targets')
    .values(
      targets.map((target, position) => ({
        id: randomUUID(),
        post_id: postId,
        platform: target.platform,
        position,
        text_override: target.text,
        title: target.title,
        youtube_privacy: target.youtube?.privacy ?? null,
        youtube_notify_subscribers: target.youtube === undefined ? null : Number(target.youtube.notifySubscribers),
        state: 'draft' as const,
        updated_at: now,
      })),
    )
    .execute();
}

/** Keeps the draft's search row (body, per-platform texts, titles) in step with the draft. */
async function writeSearchRow(trx: Transaction<DatabaseSchema>, seq: number, input: DraftInput): Promise<void> {
  const content = [input.body, ...input.targets.flatMap((t) => [t.title ?? '', t.text ?? ''])]
    .filter((part) => part !== '')
    .join('\n');
  await trx.deleteFrom('posts_fts').where('rowid', '=', seq).execute();
  await trx.insertInto('posts_fts').values({ rowid: seq, post_id: input.id, content }).execute();
}
