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
 * tray so scheduled posts still go out — unless there is no tray to come back from, in which
 * case closing really closes. While quitting, windows always close.
 */
export function decideWindowClose(state: { platform: NodeJS.Platform; quitting: boolean; trayAvailable: boolean }): 'close' | 'hide' {
  if (state.quitting || state.platform === 'darwin') return 'close';
  return state.trayAvailable ? 'hide' : 'close';
}
