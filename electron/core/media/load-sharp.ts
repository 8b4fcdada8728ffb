import type Sharp from 'sharp';

let loading: Promise<typeof Sharp> | null = null;

/**
 * sharp, loaded on the first picture rather than at start: its native binding costs start-up
 * time and memory the app does not need until the owner attaches something (and a host whose
 * platform has no sharp build still starts and drafts).
 */
export function loadSharp(): Promise<typeof Sharp> {
  loading ??= import('sharp').then((module) => module.default);
  return loading;
}
