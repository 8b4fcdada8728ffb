import { beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../electron/core/ports/logger';

// The tray glue with Electron's Tray/Menu replaced by recorders: the menu it hands Electron is
// the tested model (Open, status line that cannot be clicked, Quit), wired to the right actions.

interface Template {
  label?: string;
  type?: string;
  enabled?: boolean;
  click?: () => void;
}

const electron = vi.hoisted(() => {
  const state = { failTray: false, images: [] as { file: string; template: boolean }[], menus: [] as Template[][], tooltips: [] as string[], clickHandlers: [] as (() => void)[], destroyed: 0 };
  class Tray {
    constructor(image: { file: string; template: boolean }) {
      if (state.failTray) throw new Error('No StatusNotifier host');
      state.images.push({ file: image.file, template: image.template });
    }
    setToolTip(text: string) {
      state.tooltips.push(text);
    }
    setContextMenu(menu: Template[]) {
      state.menus.push(menu);
    }
    on(event: string, handler: () => void) {
      if (event === 'click') state.clickHandlers.push(handler);
    }
    destroy() {
      state.destroyed += 1;
    }
  }
  return {
    state,
    module: {
      Tray,
      Menu: { buildFromTemplate: (template: Template[]) => template },
      nativeImage: {
        createFromPath: (file: string) => ({
          file,
          template: false,
          setTemplateImage(this: { template: boolean }, value: boolean) {
            this.template = value;
          },
        }),
      },
    },
  };
});

vi.mock('electron', () => electron.module);
const { createAppTray } = await import('../../electron/platform/tray');

beforeEach(() => {
  Object.assign(electron.state, { failTray: false, images: [], menus: [], tooltips: [], clickHandlers: [], destroyed: 0 });
});

describe('tray glue', () => {
  it('builds the menu from the status model and wires Open and Quit', () => {
    const calls: string[] = [];
    const tray = createAppTray({ iconPath: '/app/icons/tray.png', template: false, onOpen: () => calls.push('open'), onQuit: () => calls.push('quit'), logger: silentLogger });
    expect(tray).not.toBeNull();
    tray?.setStatus('Next post 3:00 pm');
    const menu = electron.state.menus.at(-1) ?? [];
    expect(menu.map((item) => item.label ?? item.type)).toEqual(['Open AgencyIQ', 'Next post 3:00 pm', 'separator', 'Quit AgencyIQ']);
    expect(menu[1]?.enabled).toBe(false);
    menu[0]?.click?.();
    menu[3]?.click?.();
    expect(calls).toEqual(['open', 'quit']);
    expect(electron.state.tooltips.at(-1)).toBe('AgencyIQ — Next post 3:00 pm');
    // Until the first refresh it truthfully says nothing is scheduled.
    expect(electron.state.menus[0]?.[1]?.label).toBe('No posts scheduled');
  });

  it('makes the macOS menu-bar icon a template image, which the menu bar tints for light and dark', () => {
    createAppTray({ iconPath: '/app/icons/trayTemplate.png', template: true, onOpen: () => {}, onQuit: () => {}, logger: silentLogger });
    expect(electron.state.images).toEqual([{ file: '/app/icons/trayTemplate.png', template: true }]);
  });

  it('answers null when Electron cannot make a tray, so closing the window minimises instead of hiding', () => {
    electron.state.failTray = true;
    expect(createAppTray({ iconPath: '/x.png', template: false, onOpen: () => {}, onQuit: () => {}, logger: silentLogger })).toBeNull();
  });
});
