/** A rectangle in screen coordinates (the shape of Electron's `Rectangle`). */
export interface ScreenRectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What is remembered about the main window between runs. */
export interface WindowState {
  /** The un-maximised bounds, so un-maximising after a restart returns to a sensible size. */
  bounds: ScreenRectangle;
  maximized: boolean;
}

export const DEFAULT_WINDOW_SIZE = { width: 1200, height: 800 } as const;
export const MIN_WINDOW_SIZE = { width: 800, height: 560 } as const;

// How much of the window's top strip must lie on a display for the owner to grab and move it.
const GRAB_WIDTH = 120;
const GRAB_HEIGHT = 40;
const MAX_COORDINATE = 100_000;

function isCoordinate(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && Math.abs(value) <= MAX_COORDINATE;
}

/**
 * Reads a saved state back, or null when it is missing or not what we wrote (a hand-edited or
 * corrupted preferences file must not produce a 0×0 or NaN window).
 */
export function parseWindowState(raw: unknown): WindowState | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const { bounds, maximized } = raw as Record<string, unknown>;
  if (typeof bounds !== 'object' || bounds === null || typeof maximized !== 'boolean') return null;
  const { x, y, width, height } = bounds as Record<string, unknown>;
  if (!isCoordinate(x) || !isCoordinate(y) || !isCoordinate(width) || !isCoordinate(height)) return null;
  if (width < MIN_WINDOW_SIZE.width || height < MIN_WINDOW_SIZE.height) return null;
  return { bounds: { x, y, width, height }, maximized };
}

function overlap(a: ScreenRectangle, b: ScreenRectangle): ScreenRectangle | null {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  const right = Math.min(a.x + a.width, b.x + b.width);
  const bottom = Math.min(a.y + a.height, b.y + b.height);
  return right > x && bottom > y ? { x, y, width: right - x, height: bottom - y } : null;
}

/** True when the window's title strip is usably visible on one of the displays' work areas. */
export function isGrabbableOnSomeDisplay(bounds: ScreenRectangle, workAreas: readonly ScreenRectangle[]): boolean {
  const titleStrip = { x: bounds.x, y: bounds.y, width: bounds.width, height: GRAB_HEIGHT };
  return workAreas.some((area) => {
    const visible = overlap(titleStrip, area);
    return visible !== null && visible.width >= Math.min(GRAB_WIDTH, bounds.width) && visible.height >= GRAB_HEIGHT / 2;
  });
}

/**
 * What to open the window with: the saved state when it is still on a connected display
 * (monitors get unplugged between runs), otherwise the saved size centred by the OS, shrunk to
 * fit the largest display, or the default size on first run.
 */
export function windowStateToRestore(
  saved: WindowState | null,
  workAreas: readonly ScreenRectangle[],
): { bounds: Partial<ScreenRectangle> & { width: number; height: number }; maximized: boolean } {
  if (saved === null) return { bounds: { ...DEFAULT_WINDOW_SIZE }, maximized: false };
  if (isGrabbableOnSomeDisplay(saved.bounds, workAreas)) return { bounds: { ...saved.bounds }, maximized: saved.maximized };
  const largest = workAreas.reduce<ScreenRectangle | null>(
    (best, area) => (best === null || area.width * area.height > best.width * best.height ? area : best),
    null,
  );
  const width = largest === null ? saved.bounds.width : Math.min(saved.bounds.width, largest.width);
  const height = largest === null ? saved.bounds.height : Math.min(saved.bounds.height, largest.height);
  return {
    bounds: { width: Math.max(width, MIN_WINDOW_SIZE.width), height: Math.max(height, MIN_WINDOW_SIZE.height) },
    maximized: saved.maximized,
  };
}
