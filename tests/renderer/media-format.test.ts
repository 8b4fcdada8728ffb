import { expect, it } from 'vitest';
import { formatBytes, formatDuration, formatProgress, videoBadge } from '../../renderer/src/format/media';

it("writes a video's length as a clock, rounding before carrying (59.6 s is 1:00, never 0:60)", () => {
  expect(formatDuration(7)).toBe('0:07');
  expect(formatDuration(59.6)).toBe('1:00');
  expect(formatDuration(90)).toBe('1:30');
  expect(formatDuration(3725)).toBe('1:02:05');
});

it('writes sizes in decimal units, one decimal below ten', () => {
  expect(formatBytes(512)).toBe('512 bytes');
  expect(formatBytes(34_000_000)).toBe('34 MB');
  expect(formatBytes(1_240_000_000)).toBe('1.2 GB');
  expect(formatBytes(8_400)).toBe('8.4 KB');
});

it("says an upload's progress with the part in the total's unit", () => {
  expect(formatProgress(34_000_000, 120_000_000)).toBe('34 MB of 120 MB');
  expect(formatProgress(400_000, 120_000_000)).toBe('0.4 MB of 120 MB');
  expect(formatProgress(130_000_000, 120_000_000)).toBe('120 MB of 120 MB');
});

it("puts one play mark on a video's tile: on the badge over a frame, none on the badge over the plain tile (which has its own)", () => {
  expect(videoBadge(5, 'image')).toBe('▶ 0:05');
  expect(videoBadge(null, 'image')).toBe('▶');
  expect(videoBadge(5, 'placeholder')).toBe('0:05');
  expect(videoBadge(null, 'placeholder')).toBe('');
});
