import type { updatesChannels } from '@shared/ipc/updates-channels';
import type { HandlersFor } from '../handler-types';
import type { UpdateController } from './update-controller';

/** The updates part of the IPC contract: each answers with the state the step reached. */
export function createUpdatesHandlers(controller: UpdateController): HandlersFor<keyof typeof updatesChannels> {
  return {
    'updates.status': async () => controller.status(),
    'updates.check': () => controller.check(),
    'updates.download': () => controller.download(),
    'updates.restart': async () => controller.restart(),
  };
}
