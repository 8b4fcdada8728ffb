import path from 'node:path';
import { app, dialog, type BrowserWindow } from 'electron';
import type { SaveDialog } from '../core/ports/save-dialog';

/** The SaveDialog port over the system's save dialog, attached to the main window when open. */
export function createElectronSaveDialog(currentWindow: () => BrowserWindow | null): SaveDialog {
  return {
    chooseSavePath: async ({ title, defaultFileName, extension }) => {
      const options = {
        title,
        defaultPath: path.join(app.getPath('downloads'), defaultFileName),
        filters: [{ name: extension.toUpperCase(), extensions: [extension] }],
      };
      const window = currentWindow();
      const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
  };
}
