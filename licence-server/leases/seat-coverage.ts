import type { DeviceListRow } from '../db/device-store';

/**
 * Which seated devices a plan covers when more devices hold it than it has seats (the owner
 * changed to a plan with fewer computers). The owner expects the computers they are using to
 * keep working, so the most recently seen devices keep their seats, then the most recently
 * activated; the others are refused until one is removed.
 *
 * The order is stable: a refused device's renewals and sign-ins do not move its last_seen_at
 * (LeaseService marks only renewals it answers with a lease; sign-in leaves it alone), while the
 * covered devices' only move forward, so a refused device cannot overtake a covered one.
 */
export function coveredDeviceIds(seated: readonly DeviceListRow[], seats: number): Set<string> {
  const ranked = [...seated].sort(
    (a, b) =>
      (b.last_seen_at ?? -1) - (a.last_seen_at ?? -1) ||
      (b.activated_at ?? -1) - (a.activated_at ?? -1) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  return new Set(ranked.slice(0, Math.max(0, seats)).map((device) => device.id));
}

/** The plain-words refusal for a device beyond the plan's seats. */
export function seatsExceededMessage(label: string, seats: number, covered: readonly string[]): string {
  const computers = seats === 1 ? '1 computer' : `${seats} computers`;
  const names = covered.map((name) => `“${name}”`);
  const list = names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  return (
    `Your ${label} plan now covers ${computers}, and ${seats === 1 ? 'it is' : 'they are'} in use: ${list}. ` +
    'Publishing is paused on this computer. To use the plan here, remove one of those computers from the plan ' +
    '(under Devices on the Plan page, here or on a computer that still has it), or choose a plan with more computers.'
  );
}
