import type { diagnosticsChannels } from '@shared/ipc/diagnostics-channels';
import type { HandlersFor } from '../handler-types';
import type { DiagnosticsService } from './diagnostics-service';

/** Settings → Diagnostics. */
export function createDiagnosticsHandlers(service: DiagnosticsService): HandlersFor<keyof typeof diagnosticsChannels> {
  return {
    'diagnostics.export': async () => ({ path: await service.export() }),
    'diagnostics.openLogsFolder': () => service.openLogsFolder(),
  };
}
