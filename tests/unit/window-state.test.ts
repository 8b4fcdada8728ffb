import { describe, expect, it } from 'vitest';
import {
  DEFAULT_WINDOW_SIZE,
  isGrabbableOnSomeDisplay,
  parseWindowState,
  windowStateToRestore,
} from '../../electron/platform/window-state';

const laptop = { x: 0, y: 0, width: 1440, height: 875 };
const externalOnRight = { x: 1440, y: 0, width: 2560, height: 1415 };

describe('parseWindowState', () => {
  it('accepts what we save', () => {
    const state = { bounds: { x: 10, y: 20, width: 1200, height: 800 }, maximized: false };
    expect(parseWindowState(state)).toEqual(state);
  });

  it.each([
    ['nothing', undefined],
    ['a string', 'big'],
    ['missing bounds', { maximized: true }],
    ['missing maximized', { bounds: { x: 0, y: 0, width: 1200, height: 800 } }],
    ['NaN', { bounds: { x: Number.NaN, y: 0, width: 1200, height: 800 }, maximized: false }],
    ['fractions', { bounds: { x: 0.5, y: 0, width: 1200, height: 800 }, maximized: false }],
    ['a tiny window', { bounds: { x: 0, y: 0, width: 10, height: 10 }, maximized: false }],
    ['absurd coordinates', { bounds: { x: 1e9, y: 0, width: 1200, height: 800 }, maximized: false }],
    ['strings for numbers', { bounds: { x: '0', y: 0, width: 1200, height: 800 }, maximized: false }],
  ])('refuses %s', (_name, raw) => {
    expect(parseWindowState(raw)).toBeNull();
  });
});

describe('windowStateToRestore', () => {
  it('uses the default size on first run', () => {
    expect(windowStateToRestore(null, [laptop])).toEqual({ bounds: { ...DEFAULT_WINDOW_SIZE }, maximized: false });
  });

  it('restores a window that is still on a display', () => {
    const saved = { bounds: { x: 2000, y: 100, width: 1200, height: 800 }, maximized: true };
    expect(windowStateToRestore(saved, [laptop, externalOnRight])).toEqual(saved);
  });

  it('drops the position when its display was unplugged, fitting the size to what is left', () => {
    const saved = { bounds: { x: 2000, y: 100, width: 2400, height: 1300 }, maximized: false };
    expect(windowStateToRestore(saved, [laptop])).toEqual({ bounds: { width: 1440, height: 875 }, maximized: false });
  });

  it('drops a position whose title bar is above the screen', () => {
    const saved = { bounds: { x: 100, y: -700, width: 1200, height: 800 }, maximized: false };
    expect(windowStateToRestore(saved, [laptop]).bounds).toEqual({ width: 1200, height: 800 });
  });
});

describe('isGrabbableOnSomeDisplay', () => {
  it('needs a usable strip of the title bar on screen', () => {
    expect(isGrabbableOnSomeDisplay({ x: 1400, y: 0, width: 1200, height: 800 }, [laptop])).toBe(false);
    expect(isGrabbableOnSomeDisplay({ x: 1300, y: 0, width: 1200, height: 800 }, [laptop])).toBe(true);
    expect(isGrabbableOnSomeDisplay({ x: 0, y: 0, width: 1200, height: 800 }, [])).toBe(false);
  });
});
