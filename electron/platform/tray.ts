import { Menu, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron';
import type { Logger } from '../core/ports/logger';
import { trayAttentionText, trayBadge, trayMenuModel, trayTooltip, type TrayMenuItem } from './tray-status';

/** The tray / menu-bar icon: open the window, see what is next, quit. */
export interface AppTray {
  /** The status line, and how many posts need the owner (a count beside the icon, a menu line). */
  setStatus(text: string, needsAttention?: number): void;
  destroy(): void;
}

function toTemplate(item: TrayMenuItem, actions: { open: () => void; quit: () => void }): MenuItemConstructorOptions {
  switch (item.kind) {
    case 'separator':
      return { type: 'separator' };
    case 'status':
      return { label: item.label, enabled: false };
    case 'action':
      return { label: item.label, click: actions[item.action] };
  }
}

/**
 * Creates the tray icon with its menu (`trayMenuModel`). Returns null when Electron refuses to
 * make one. (Linux desktops without a tray host do not refuse: main.ts asks the session bus
 * first, `hasStatusNotifierHost`, and does not create one there.)
 */
export function createAppTray(options: {
  iconPath: string;
  /** macOS: a monochrome template image, which the menu bar tints for light and dark mode. */
  template: boolean;
  onOpen: () => void;
  onQuit: () => void;
  logger: Logger;
}): AppTray | null {
  let tray: Tray;
  try {
    const image = nativeImage.createFromPath(options.iconPath);
    if (options.template) image.setTemplateImage(true);
    tray = new Tray(image);
  } catch (error) {
    options.logger.warn('No tray icon on this desktop; closing the window will minimise it', {
      error: error instanceof Error ? error.message : String(error),
    });
    return null;
  }
  const actions = { open: options.onOpen, quit: options.onQuit };
  // Windows and Linux: a click on the icon opens the window; the menu is on right-click.
  if (process.platform !== 'darwin') tray.on('click', options.onOpen);
  const setStatus = (text: string, needsAttention = 0): void => {
    const attention = trayAttentionText(needsAttention);
    tray.setToolTip(trayTooltip(text, attention));
    tray.setContextMenu(Menu.buildFromTemplate(trayMenuModel(text, attention).map((item) => toTemplate(item, actions))));
    // The menu bar shows a title beside the icon on macOS; elsewhere the glue sets the app badge.
    if (process.platform === 'darwin') tray.setTitle(trayBadge(needsAttention));
  };
  setStatus('No posts scheduled');
  return { setStatus, destroy: () => tray.destroy() };
}
