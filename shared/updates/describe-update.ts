import type { UpdateStatus } from '../ipc/updates-channels';

/** The one button an update state offers; each maps to one `updates.*` channel. */
export interface UpdateAction {
  kind: 'check' | 'download' | 'restart';
  label: string;
}

/** What Settings shows for the update state. */
export interface UpdateDescription {
  /** The sentence that changes with the state (announced to screen readers). */
  text: string;
  /** Notes, progress figures or a deferral explained; not announced on every change. */
  detail: string | null;
  action: UpdateAction | null;
  /** 0–100 while downloading, else null. */
  progress: number | null;
}

/** What the quiet banner in the app shell shows, or null for "nothing to say". */
export interface UpdateBannerModel {
  /** Changes when the banner says something new, so "Later" only hides what was seen. */
  key: string;
  text: string;
  action: UpdateAction | null;
  progress: number | null;
}

const CHECK: UpdateAction = { kind: 'check', label: 'Check for updates' };
const DOWNLOAD: UpdateAction = { kind: 'download', label: 'Download' };
const RESTART: UpdateAction = { kind: 'restart', label: 'Restart to update' };
const DEFERRED = 'AgencyIQ will restart to update as soon as the post that is publishing has gone out.';

/** "850 KB/s", "1.2 MB/s". */
export function formatSpeed(bytesPerSecond: number): string {
  if (bytesPerSecond >= 1_000_000) return `${(bytesPerSecond / 1_000_000).toFixed(1)} MB/s`;
  return `${Math.max(0, Math.round(bytesPerSecond / 1_000))} KB/s`;
}

/** "42% (1.3 MB/s)": kept out of the announced text, so screen readers are not flooded. */
function downloadProgressText(status: Extract<UpdateStatus, { state: 'downloading' }>): string {
  const percent = `${Math.floor(status.percent)}%`;
  return status.bytesPerSecond > 0 ? `${percent} (${formatSpeed(status.bytesPerSecond)})` : percent;
}

/** Settings → Updates: every state in plain words, with the one thing the owner can do. */
export function describeUpdateForSettings(status: UpdateStatus, formatTime: (ms: number) => string): UpdateDescription {
  switch (status.state) {
    case 'disabled':
      return { text: status.reason, detail: null, action: null, progress: null };
    case 'idle':
      return {
        text: 'AgencyIQ is up to date.',
        detail: status.lastCheckedAt === null ? 'Not checked yet.' : `Last checked ${formatTime(status.lastCheckedAt)}.`,
        action: CHECK,
        progress: null,
      };
    case 'checking':
      return { text: 'Checking for updates…', detail: null, action: null, progress: null };
    case 'available':
      return { text: `Version ${status.version} is available.`, detail: status.releaseNotes, action: DOWNLOAD, progress: null };
    case 'downloading':
      return { text: `Downloading version ${status.version}…`, detail: downloadProgressText(status), action: null, progress: status.percent };
    case 'ready':
      return {
        text: `Version ${status.version} is ready. It is installed when AgencyIQ restarts.`,
        detail: status.restartDeferred ? DEFERRED : status.releaseNotes,
        action: status.restartDeferred ? null : RESTART,
        progress: null,
      };
    case 'error':
      return {
        text: status.message,
        detail: null,
        action: status.during === 'download' ? { kind: 'download', label: 'Try again' } : { kind: 'check', label: 'Try again' },
        progress: null,
      };
  }
}

/**
 * The app shell's banner: only what the owner may want to act on (an update to download, one
 * ready to install, a download that failed). Checking, being up to date and a failed background
 * check stay in Settings, so an offline computer is not nagged every six hours.
 */
export function updateBanner(status: UpdateStatus): UpdateBannerModel | null {
  switch (status.state) {
    case 'available':
      return { key: `available-${status.version}`, text: `AgencyIQ ${status.version} is available.`, action: DOWNLOAD, progress: null };
    case 'downloading':
      return { key: `downloading-${status.version}`, text: `Downloading AgencyIQ ${status.version}…`, action: null, progress: status.percent };
    case 'ready':
      return status.restartDeferred
        ? { key: `deferred-${status.version}`, text: DEFERRED, action: null, progress: null }
        : { key: `ready-${status.version}`, text: `AgencyIQ ${status.version} is ready to install.`, action: RESTART, progress: null };
    case 'error':
      return status.during === 'download'
        ? { key: `error-${status.version ?? ''}`, text: status.message, action: { kind: 'download', label: 'Try again' }, progress: null }
        : null;
    default:
      return null;
  }
}
