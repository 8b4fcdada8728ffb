// The background worker's entry (a worker thread; bundled by build/bundle.mjs as
// `background-worker.cjs` next to each host's bundle). It answers the core's jobs
// (background-protocol.ts) one message at a time, so a long one never holds the core's thread.
import { parentPort } from 'node:worker_threads';
import { BackupCancelledError, BackupVerificationError } from '../backups/backup-store';
import { CoreError } from '../errors';
import type { Logger } from '../ports/logger';
import { JOB_HANDLERS } from './background-jobs';
import { JOBS, toWorkerSchema, type FromWorker, type JobFailure, type JobName } from './background-protocol';

const port = parentPort;
if (port === null) throw new Error('background-worker runs only as a worker thread');

const post = (message: FromWorker) => port.postMessage(message);

const logger: Logger = {
  debug: (message, details) => post({ type: 'log', level: 'debug', message, details }),
  info: (message, details) => post({ type: 'log', level: 'info', message, details }),
  warn: (message, details) => post({ type: 'log', level: 'warn', message, details }),
  error: (message, details) => post({ type: 'log', level: 'error', message, details }),
};

function toFailure(error: unknown): JobFailure {
  if (error instanceof BackupCancelledError) return { kind: 'cancelled' };
  if (error instanceof BackupVerificationError) return { kind: 'verification', reason: error.reason };
  if (error instanceof CoreError) return { kind: 'core', code: error.code, message: error.message };
  const code = (error as { code?: unknown } | null)?.code;
  return {
    kind: 'failed',
    message: error instanceof Error ? error.message : String(error),
    ...(typeof code === 'string' ? { code } : {}),
  };
}

const running = new Map<number, AbortController>();

async function run(id: number, job: JobName, request: unknown): Promise<void> {
  const controller = new AbortController();
  running.set(id, controller);
  try {
    const parsed = JOBS[job].request.safeParse(request);
    if (!parsed.success) throw new Error(`The ${job} request was malformed: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    const handler = JOB_HANDLERS[job] as (request: unknown, context: Parameters<(typeof JOB_HANDLERS)[JobName]>[1]) => unknown;
    const result = await handler(parsed.data, {
      signal: controller.signal,
      onProgress: ({ copiedPages, totalPages }) => post({ type: 'progress', id, copiedPages, totalPages }),
      logger,
    });
    post({ type: 'done', id, result });
  } catch (error) {
    post({ type: 'failed', id, failure: toFailure(error) });
  } finally {
    running.delete(id);
  }
}

port.on('message', (raw: unknown) => {
  const message = toWorkerSchema.safeParse(raw);
  if (!message.success) {
    // Nothing to answer to: say so in the core's log; the core's own checks never send this.
    logger.error('The background worker was sent a message it does not understand', { issue: message.error.issues[0]?.message });
    return;
  }
  if (message.data.type === 'cancel') running.get(message.data.id)?.abort();
  else void run(message.data.id, message.data.job, message.data.request);
});
