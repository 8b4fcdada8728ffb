import { Worker } from 'node:worker_threads';
import { BackupCancelledError, BackupVerificationError, type BackupProgress } from '../backups/backup-store';
import { CoreError } from '../errors';
import type { Logger } from '../ports/logger';
import type { TimerHandle, Timers } from '../ports/timers';
import { fromWorkerSchema, jobLingers, JOBS, type JobFailure, type JobName, type JobRequest, type JobResult, type ToWorker } from './background-protocol';

/** The worker stopped (crashed, could not start, answered out of protocol) or the core is closing. */
export class BackgroundWorkerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackgroundWorkerError';
  }
}

/** A job the worker ran and that failed for a reason of its own (not one of the typed kinds). */
export class BackgroundJobError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'BackgroundJobError';
  }
}

/** How the core's services ask for work off their thread. */
export interface BackgroundJobs {
  run<J extends JobName>(
    job: J,
    request: JobRequest<J>,
    options?: { onProgress?: (progress: BackupProgress) => void; signal?: AbortSignal },
  ): Promise<JobResult<J>>;
}

/**
 * After an interactive job (a search: `jobLingers`), a worker not asked anything for this long is
 * ended; after any other job it ends as soon as it has nothing to do. The next job starts a fresh one.
 */
export const BACKGROUND_IDLE_MS = 60_000;

interface Pending {
  job: JobName;
  resolve(value: unknown): void;
  reject(error: Error): void;
  onProgress?: (progress: BackupProgress) => void;
}

function fromFailure(failure: JobFailure): Error {
  switch (failure.kind) {
    case 'cancelled':
      return new BackupCancelledError();
    case 'verification':
      return new BackupVerificationError(failure.reason);
    case 'core':
      return new CoreError(failure.code, failure.message);
    case 'failed':
      return new BackgroundJobError(failure.message, failure.code);
  }
}

/**
 * The core's side of its background worker: backups with their integrity check, restore
 * checks, the diagnostics zip, the Disconnect scrub of database copies and drafts search run
 * there, on connections of their own, so the core's thread keeps answering the window.
 *
 * The worker starts on the first job (never at open) and ends as soon as it has nothing to do,
 * or, after a search, after `idleMs` without a job. If it dies (or says
 * something outside the protocol) every job it had fails with a BackgroundWorkerError, never
 * hangs, and the next job starts a new worker. `close` ends it and fails what was still asked.
 */
export class BackgroundThread implements BackgroundJobs {
  #worker: Worker | null = null;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  #closed = false;
  #idleTimer: TimerHandle | null = null;
  /** Whether this worker ran a job that asks it to stay for the next (a search); it then ends only when idle for `idleMs`. */
  #linger = false;

  constructor(
    private readonly options: { workerFile: string; logger: Logger; timers: Timers; idleMs?: number },
  ) {}

  /** True while a worker thread exists (for tests and the log). */
  get running(): boolean {
    return this.#worker !== null;
  }

  run<J extends JobName>(
    job: J,
    request: JobRequest<J>,
    options: { onProgress?: (progress: BackupProgress) => void; signal?: AbortSignal } = {},
  ): Promise<JobResult<J>> {
    if (this.#closed) return Promise.reject(new BackgroundWorkerError('AgencyIQ is closing.'));
    let worker: Worker;
    try {
      worker = this.#start();
    } catch (error) {
      return Promise.reject(new BackgroundWorkerError(`The background worker could not start: ${error instanceof Error ? error.message : String(error)}`));
    }
    // Held while it has work (a backup must finish before a script's end), never when idle.
    worker.ref();
    if (jobLingers(job)) this.#linger = true;
    const id = this.#nextId++;
    return new Promise<JobResult<J>>((resolve, reject) => {
      this.#pending.set(id, { job, resolve: resolve as (value: unknown) => void, reject, onProgress: options.onProgress });
      this.#post(worker, { type: 'run', id, job, request });
      const cancel = () => this.#post(worker, { type: 'cancel', id });
      if (options.signal?.aborted) cancel();
      else options.signal?.addEventListener('abort', cancel, { once: true });
    });
  }

  /** Ends the worker now; jobs still asked fail with a BackgroundWorkerError. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#clearIdle();
    const worker = this.#worker;
    this.#stop(worker, new BackgroundWorkerError('AgencyIQ is closing.'));
    await worker?.terminate();
  }

  #start(): Worker {
    this.#clearIdle();
    if (this.#worker !== null) return this.#worker;
    const worker = new Worker(this.options.workerFile, { name: 'agencyiq-background' });
    this.#worker = worker;
    worker.on('message', (raw: unknown) => this.#receive(worker, raw));
    worker.on('error', (error) => this.#stop(worker, new BackgroundWorkerError(`The background worker failed: ${error.message}`)));
    worker.on('exit', (code) => this.#stop(worker, new BackgroundWorkerError(`The background worker stopped (exit code ${code}).`)));
    return worker;
  }

  #post(worker: Worker, message: ToWorker): void {
    if (worker === this.#worker) worker.postMessage(message);
  }

  #receive(worker: Worker, raw: unknown): void {
    if (worker !== this.#worker) return;
    const parsed = fromWorkerSchema.safeParse(raw);
    if (!parsed.success) {
      this.#stop(worker, new BackgroundWorkerError('The background worker answered outside its protocol.'));
      void worker.terminate();
      return;
    }
    const message = parsed.data;
    if (message.type === 'log') {
      this.options.logger[message.level](message.message, message.details);
      return;
    }
    const pending = this.#pending.get(message.id);
    if (pending === undefined) return;
    if (message.type === 'progress') {
      pending.onProgress?.({ copiedPages: message.copiedPages, totalPages: message.totalPages });
      return;
    }
    this.#pending.delete(message.id);
    if (message.type === 'failed') pending.reject(fromFailure(message.failure));
    else {
      const result = JOBS[pending.job].result.safeParse(message.result);
      if (result.success) pending.resolve(result.data);
      else pending.reject(new BackgroundWorkerError(`The background worker's ${pending.job} answer was malformed.`));
    }
    if (this.#pending.size === 0) this.#idle(worker);
  }

  /** Nothing asked: let the process exit if it wants to, and end the worker now or after a while. */
  #idle(worker: Worker): void {
    this.#clearIdle();
    worker.unref();
    if (!this.#linger) {
      this.#worker = null;
      void worker.terminate();
      return;
    }
    this.#idleTimer = this.options.timers.setTimeout(() => {
      this.#idleTimer = null;
      if (this.#pending.size > 0 || worker !== this.#worker) return;
      this.#worker = null;
      this.#linger = false;
      void worker.terminate();
    }, this.options.idleMs ?? BACKGROUND_IDLE_MS);
  }

  #clearIdle(): void {
    if (this.#idleTimer !== null) this.options.timers.clearTimeout(this.#idleTimer);
    this.#idleTimer = null;
  }

  /** The worker is gone (or going): every job it had fails, and the next job starts another. */
  #stop(worker: Worker | null, error: BackgroundWorkerError): void {
    if (worker === null || worker !== this.#worker) return;
    this.#worker = null;
    this.#linger = false;
    this.#clearIdle();
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    if (pending.length > 0) this.options.logger.error('Background work stopped', { jobs: pending.map((p) => p.job), error: error.message });
    for (const job of pending) job.reject(error);
  }
}
