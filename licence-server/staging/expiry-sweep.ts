import type { FastifyBaseLogger } from 'fastify';
import type { StagingService } from './staging-service';

/**
 * Every instance sweeps expired staged files on its own timer (unref'd, so it never keeps the
 * process alive); the rows are shared, so whichever instance gets there first deletes a file and
 * the others find nothing. Runs never overlap: the next is scheduled when the last one ends.
 */
export function startExpirySweep(service: StagingService, intervalMs: number, log: FastifyBaseLogger): () => void {
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const run = async () => {
    try {
      const removed = await service.sweep();
      if (removed > 0) log.info({ removed }, 'Expired staged media deleted');
    } catch (error) {
      log.error({ err: error }, 'Sweeping expired staged media failed; trying again at the next sweep');
    }
    if (!stopped) schedule();
  };
  const schedule = () => {
    timer = setTimeout(() => void run(), intervalMs);
    timer.unref();
  };
  schedule();
  return () => {
    stopped = true;
    if (timer !== null) clearTimeout(timer);
  };
}
