import { Menu, type MenuItemConstructorOptions } from 'electron';

/**
 * A deliberately small menu: the standard app and window items, and Edit so that copy, paste
 * and undo shortcuts work in text fields (on macOS they only work through menu roles).
 * Reload and developer tools appear only in development.
 */
export function installAppMenu(options: { isMac: boolean; isDevelopment: boolean }): void {
  const template: MenuItemConstructorOptions[] = [];
  if (options.isMac) template.push({ role: 'appMenu' });
  else template.push({ label: 'File', submenu: [{ role: 'quit' }] });
  template.push({ role: 'editMenu' });
  if (options.isDevelopment) {
    template.push({ label: 'View', submenu: [{ role: 'reload' }, { role: 'toggleDevTools' }] });
  }
  template.push({ role: 'windowMenu' });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
