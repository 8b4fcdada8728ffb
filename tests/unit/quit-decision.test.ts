import { describe, expect, it } from 'vitest';
import { decideQuit, decideStartWindow, decideWindowClose, QUIT_WHILE_PUBLISHING_DIALOG, quitAnswer } from '../../electron/platform/quit-decision';

describe('decideQuit', () => {
  it('quits straight away when nothing is publishing', () => {
    expect(decideQuit({ publishing: false, confirmed: false })).toBe('quit');
  });

  it('asks first while a post is publishing', () => {
    expect(decideQuit({ publishing: true, confirmed: false })).toBe('ask');
  });

  it('does not ask twice once the owner chose to quit', () => {
    expect(decideQuit({ publishing: true, confirmed: true })).toBe('quit');
  });

  it('maps the dialog buttons: waiting is the default, closing the dialog keeps the app open', () => {
    const { buttons, defaultId, cancelId } = QUIT_WHILE_PUBLISHING_DIALOG;
    expect(quitAnswer(defaultId)).toBe('quit-when-idle');
    expect(quitAnswer(cancelId)).toBe('stay');
    expect(buttons.map((_, i) => quitAnswer(i))).toEqual(['quit-when-idle', 'quit-now', 'stay']);
    expect(quitAnswer(-1)).toBe('stay');
  });
});

describe('decideWindowClose', () => {
  it.each([
    ['win32', true, 'hide'],
    ['linux', true, 'hide'],
    ['darwin', true, 'close'],
    // No tray (stock GNOME): the window stays reachable in the task bar instead of vanishing.
    ['linux', false, 'minimize'],
    ['win32', false, 'minimize'],
  ] as const)('on %s with a tray available=%s, closing the window does: %s', (platform, trayAvailable, expected) => {
    expect(decideWindowClose({ platform, quitting: false, trayAvailable })).toBe(expected);
  });

  it('always closes windows while the app is quitting', () => {
    expect(decideWindowClose({ platform: 'win32', quitting: true, trayAvailable: true })).toBe('close');
  });
});

describe('decideStartWindow', () => {
  it.each([
    [false, true, false, 'show'],
    [true, true, false, 'tray'],
    [true, false, false, 'minimized'],
    [true, true, true, 'show'],
    [true, false, true, 'show'],
  ] as const)('launched at login=%s, tray=%s, link waiting=%s: %s', (launchedAtLogin, trayAvailable, linkWaiting, expected) => {
    expect(decideStartWindow({ launchedAtLogin, trayAvailable, linkWaiting })).toBe(expected);
  });
});
