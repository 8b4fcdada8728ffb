import { z } from 'zod';
import { invoke } from './define';

export const diagnosticsChannels = {
  /**
   * Writes a zip of recent logs and facts about this computer and app, with every secret masked,
   * where the owner chooses. `path` is null when they cancelled the save dialog.
   */
  'diagnostics.export': invoke(z.strictObject({}), z.strictObject({ path: z.string().nullable() })),
  /** Opens the folder with the app's logs in the system's file manager. */
  'diagnostics.openLogsFolder': invoke(z.strictObject({}), z.strictObject({ opened: z.boolean(), folder: z.string() })),
};
