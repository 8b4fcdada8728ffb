// Plain Node: no Electron here. The dialog and window glue in main.ts follow these decisions.

/** Whether a quit may go ahead or the owner must be asked first. */
export function decideQuit(state: { publishing: boolean; confirmed: boolean }): 'quit' | 'ask' {
  return state.publishing && !state.confirmed ? 'ask' : 'quit';
}

/** What the "a post is publishing" question says; the first button is the safe default. */
export const QUIT_WHILE_PUBLISHING_DIALOG = {
  type: 'question' as const,
  title: 'A post is publishing',
  message: 'AgencyIQ is publishing a post right now.',
  detail:
    'If you quit now, AgencyIQ cannot confirm whether it went out; it will ask you to check the post next time. ' +
    'Quit when it’s done waits for the post to finish first.',
  buttons: ['Quit when it’s done', 'Quit now', 'Keep AgencyIQ open'],
  defaultId: 0,
  cancelId: 2,
};

/** Maps the button the owner chose (index into `buttons`) to what happens. */
export function quitAnswer(response: number): 'quit-when-idle' | 'quit-now' | 'stay' {
  if (response === 0) return 'quit-when-idle';
  if (response === 1) return 'quit-now';
  return 'stay';
}

/**
 * What closing the window does, per OS convention. macOS apps keep running without a window
 * (the menu-bar icon and the Dock bring it back). On Windows and Linux the window hides to the
 * tray so scheduled posts still go out; where there is no tray to come back from (stock GNOME)
 * it is minimised instead, so the app never vanishes while it keeps publishing. While
 * quitting, windows always close.
 */
export function decideWindowClose(state: { platform: NodeJS.Platform; quitting: boolean; trayAvailable: boolean }): 'close' | 'hide' | 'minimize' {
  if (state.quitting || state.platform === 'darwin') return 'close';
  return state.trayAvailable ? 'hide' : 'minimize';
}

/**
 * How the window appears at start. Started by the login item, the app stays in the tray; with no
 * tray it opens minimised (visible in the task bar, out of the way). A waiting deep link always
 * opens it.
 */
export function decideStartWindow(state: { launchedAtLogin: boolean; trayAvailable: boolean; linkWaiting: boolean }): 'show' | 'tray' | 'minimized' {
  if (!state.launchedAtLogin || state.linkWaiting) return 'show';
  return state.trayAvailable ? 'tray' : 'minimized';
}
