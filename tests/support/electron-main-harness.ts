import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { vi } from 'vitest';
import type { Core } from '../../electron/core/open-core';
import type { CommandResult } from '../../electron/platform/run-command';
import type * as FakeElectron from '../fakes/electron/fake-electron';
import type { FakeElectronConfig } from '../fakes/electron/fake-electron';
import { SimulatedTime, waitUntil } from './publishing-fixture';

// Runs electron/main.ts, the composition root, against the fake `electron` module: one fresh
// "process" per launch (modules reset), on a chosen OS, with the real core on a temporary data
// folder. The test file declares the module mocks (vi.mock is hoisted per file) and passes them
// `harnessState`, which outlives the module resets.

export interface HarnessState {
  /** The core main.ts opened, captured by the open-core mock. */
  core: Core | null;
  /** Simulated time the core runs on (the engine's timers included). */
  time: SimulatedTime;
  /** Extra core options for this launch (env, adapters). */
  coreOverrides: Record<string, unknown>;
  /** Helper programs run (dbus-send, xdg-mime) and how they answer. */
  commands: Array<{ file: string; args: readonly string[] }>;
  answerCommand: (file: string, args: readonly string[]) => CommandResult;
}

export function createHarnessState(): HarnessState {
  return {
    core: null,
    time: new SimulatedTime(Date.UTC(2026, 11, 3, 9, 0)),
    coreOverrides: {},
    commands: [],
    answerCommand: () => ({ ok: false, stdout: '' }),
  };
}

/** dbus-send's literal answer to NameHasOwner. */
export function dbusAnswer(present: boolean): CommandResult {
  return { ok: true, stdout: `   boolean ${present ? 'true' : 'false'}\n` };
}

export interface Launched {
  electron: typeof FakeElectron;
  core: Core;
  dirs: { appData: string; home: string };
}

const restore: Array<() => void> = [];
const tempDirs: string[] = [];

/** Sets process.platform / argv / env for one launch; undone by `cleanUpLaunches`. */
function pretend(platform: NodeJS.Platform, argv: string[], env: Record<string, string | undefined>): void {
  const platformDescriptor = Object.getOwnPropertyDescriptor(process, 'platform');
  const argvBefore = process.argv;
  const envBefore = { ...process.env };
  Object.defineProperty(process, 'platform', { value: platform, configurable: true });
  process.argv = ['/opt/AgencyIQ/agencyiq', ...argv];
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  restore.push(() => {
    if (platformDescriptor) Object.defineProperty(process, 'platform', platformDescriptor);
    process.argv = argvBefore;
    for (const key of Object.keys(process.env)) if (!(key in envBefore)) delete process.env[key];
    Object.assign(process.env, envBefore);
  });
}

/**
 * Starts main.ts as the OS would: the module loads (everything before `ready`), then the app
 * becomes ready; resolves once start-up has finished (the core is open, IPC registered, and
 * the tray and window steps after it have run).
 */
export async function launch(
  state: HarnessState,
  options: { platform: NodeJS.Platform; argv?: string[]; env?: Record<string, string | undefined>; electron?: Partial<FakeElectronConfig>; dirs?: { appData: string; home: string } },
): Promise<Launched> {
  vi.resetModules();
  state.core = null;
  state.commands.length = 0;
  const dirs = options.dirs ?? {
    appData: fs.mkdtempSync(path.join(os.tmpdir(), 'agencyiq-appdata-')),
    home: fs.mkdtempSync(path.join(os.tmpdir(), 'agencyiq-home-')),
  };
  if (options.dirs === undefined) tempDirs.push(dirs.appData, dirs.home);
  const electron = (await import('electron')) as unknown as typeof FakeElectron;
  electron.resetFakeElectron({ platform: options.platform, appData: dirs.appData, home: dirs.home, ...options.electron });
  pretend(options.platform, options.argv ?? [], options.env ?? {});
  await import('../../electron/main');
  electron.app.emitReady();
  await waitUntil(() => (state.core !== null && electron.ipcMain.handlers.size > 0) || electron.dialog.errorBoxes.length > 0, 'main.ts to open the core');
  // What follows the IPC registration (tray, start at login, the window) is promise work on
  // local state: a few turns of the event loop see it through.
  for (let turn = 0; turn < 5; turn += 1) await new Promise((resolve) => setImmediate(resolve));
  if (electron.dialog.errorBoxes.length > 0) throw new Error(`The app could not start: ${electron.dialog.errorBoxes[0]?.content}`);
  return { electron, core: state.core as unknown as Core, dirs };
}

/** Closes what launches left open and puts the process back as it was. */
export async function cleanUpLaunches(state: HarnessState): Promise<void> {
  const core = state.core;
  state.core = null;
  if (core !== null) await core.close().catch(() => {});
  for (const undo of restore.splice(0).reverse()) undo();
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** The main window (the one the app made last). */
export function mainWindow(electron: typeof FakeElectron): FakeElectron.BrowserWindow {
  const window = electron.BrowserWindow.getAllWindows().at(-1);
  if (window === undefined) throw new Error('No window is open');
  return window;
}
