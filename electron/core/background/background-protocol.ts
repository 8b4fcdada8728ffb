import { z } from 'zod';
import { platformSchema } from '@shared/domain/platform';
import { backupInfoSchema } from '@shared/ipc/backups-channels';
import { IPC_ERROR_CODES } from '@shared/ipc/errors';

/**
 * The messages between the core's thread and its background worker (`background-worker.ts`).
 * Each job names its request and its result; the worker checks every request and the core
 * checks every answer, so a message of the wrong shape is an error with a name, never a guess.
 */

const fileCheckSchema = z.discriminatedUnion('ok', [
  z.strictObject({ ok: z.literal(true) }),
  z.strictObject({ ok: z.literal(false), reason: z.string() }),
]);
const path = z.string().min(1);

export const JOBS = {
  /** A verified backup of the live database into `<dataDir>/backups` (BackupStore.create). */
  backUp: {
    request: z.strictObject({ databasePath: path, dataDir: path, now: z.number() }),
    result: backupInfoSchema,
  },
  /** `quick_check` or `integrity_check` of a database file, opened read-only. */
  checkFile: {
    request: z.strictObject({ file: path, depth: z.enum(['quick', 'full']) }),
    result: fileCheckSchema,
  },
  /** A restore's copy: `from` copied to `to` and checked; a copy that fails is removed. */
  copyAndCheck: {
    request: z.strictObject({ from: path, to: path }),
    result: fileCheckSchema,
  },
  /** Disconnect: the platform's token ciphertext out of every database copy (then VACUUM). */
  forgetPlatformInCopies: {
    request: z.strictObject({ dataDir: path, liveDatabasePath: path, platform: platformSchema }),
    result: z.strictObject({
      cleaned: z.array(z.string()),
      failed: z.array(z.strictObject({ file: z.string(), reason: z.string() })),
    }),
  },
  /** The diagnostics zip: `about` (already masked JSON) plus the recent logs, every line masked. */
  writeDiagnosticsZip: {
    request: z.strictObject({ target: path, about: z.string(), logsFolder: z.string(), mtime: z.number() }),
    result: z.strictObject({}),
  },
  /** A read-only query (compiled by the core, e.g. a drafts search) on a read-only connection of its own. */
  readQuery: {
    request: z.strictObject({ databasePath: path, sql: z.string().min(1), parameters: z.array(z.unknown()) }),
    result: z.array(z.record(z.string(), z.unknown())),
  },
} as const;

export type JobName = keyof typeof JOBS;
export type JobRequest<J extends JobName> = z.infer<(typeof JOBS)[J]['request']>;
export type JobResult<J extends JobName> = z.infer<(typeof JOBS)[J]['result']>;
const JOB_NAMES = Object.keys(JOBS) as [JobName, ...JobName[]];

/**
 * Whether the worker should stay after `job` for the next one. Only interactive jobs do; a
 * backup, a check, a restore's copy, the diagnostics zip or a disconnect's scrub comes once in
 * a long while, and a worker kept after it holds a second V8 isolate and SQLite connection
 * (about 50 MB resident) for nothing.
 */
export function jobLingers(job: JobName): boolean {
  // Typed searches come one after another: the worker stays ready for the next.
  return job === 'readQuery';
}

const id = z.number().int().positive();

/** Core → worker. */
export const toWorkerSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('run'), id, job: z.enum(JOB_NAMES), request: z.unknown() }),
  /** Stop the job at its next step (a backup when the app closes). */
  z.strictObject({ type: z.literal('cancel'), id }),
]);
export type ToWorker = z.infer<typeof toWorkerSchema>;

/** How a job failed, so the core can throw the same kind of error it would have thrown itself. */
export const jobFailureSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('cancelled') }),
  z.strictObject({ kind: z.literal('verification'), reason: z.string() }),
  z.strictObject({ kind: z.literal('core'), code: z.enum(IPC_ERROR_CODES), message: z.string() }),
  /** Anything else: its message, and SQLite's or Node's code when it had one. */
  z.strictObject({ kind: z.literal('failed'), message: z.string(), code: z.string().optional() }),
]);
export type JobFailure = z.infer<typeof jobFailureSchema>;

/** Worker → core. */
export const fromWorkerSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('progress'), id, copiedPages: z.number().int(), totalPages: z.number().int() }),
  /** The worker has no logger of its own: its lines go to the core's. */
  z.strictObject({
    type: z.literal('log'),
    level: z.enum(['debug', 'info', 'warn', 'error']),
    message: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
  z.strictObject({ type: z.literal('done'), id, result: z.unknown() }),
  z.strictObject({ type: z.literal('failed'), id, failure: jobFailureSchema }),
]);
export type FromWorker = z.infer<typeof fromWorkerSchema>;
