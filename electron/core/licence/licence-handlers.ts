import type { licenceChannels } from '@shared/ipc/licence-channels';
import { CoreError } from '../errors';
import type { HandlersFor } from '../handler-types';
import type { Shell } from '../ports/shell';
import type { LicenceClient } from './licence-client';
import { LicenceClientError } from './licence-client-error';
import type { LicenceSync } from './licence-sync';

/**
 * The Plan page's part of the IPC contract. Only statuses, device lists and the licence key
 * cross IPC; the session token, the lease's signature and the device key stay in the core.
 */
export function createLicenceHandlers(deps: {
  sync: LicenceSync;
  client: LicenceClient;
  shell: Shell;
}): HandlersFor<keyof typeof licenceChannels> {
  const { sync, client, shell } = deps;
  return {
    'licence.status': () => sync.status(),
    'licence.sync': () => sync.sync('owner'),
    'licence.plans': () => asCoreErrors(async () => (await client.plans()).value),
    'licence.checkout': ({ plan }) => asCoreErrors(() => sync.startCheckout(plan, (url) => shell.openExternal(url))),
    'licence.cancelCheckout': () => sync.cancelCheckout(),
    'licence.portal': () =>
      asCoreErrors(async () => {
        const { value } = await client.portal();
        const opened = await shell.openExternal(value.url);
        if (!opened) throw new CoreError('unavailable', 'AgencyIQ could not open your browser. Please try again.');
        return { opened };
      }),
    'licence.activate': ({ licenceKey }) => asCoreErrors(() => sync.activate(licenceKey)),
    'licence.devices': () => asCoreErrors(async () => (await client.devices()).value),
    'licence.deactivate': ({ deviceId }) =>
      asCoreErrors(async () => {
        const wasCurrent = client.deviceId === deviceId;
        const { value } = await client.deactivate(deviceId);
        // Removing this very computer ends its lease: find out now rather than in 4 hours.
        if (wasCurrent) await sync.sync('owner');
        return value;
      }),
  };
}

async function asCoreErrors<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof LicenceClientError) throw toCoreError(error);
    throw error;
  }
}

/** Maps a licence server failure to the IPC error the renderer shows; the message stays plain. */
export function toCoreError(error: LicenceClientError): CoreError {
  if (error.kind !== 'refused') return new CoreError('unavailable', error.message);
  switch (error.code) {
    case 'unknown_licence_key':
    case 'no_licence':
    case 'unknown_device':
      return new CoreError('not_found', error.message);
    case 'seats_full': {
      const names = error.devices.map((device) => device.name);
      const missing = names.filter((name) => !error.message.includes(name));
      const message =
        missing.length === 0 ? error.message : `${error.message} Devices using your plan: ${names.join(', ')}.`;
      return new CoreError('conflict', message);
    }
    case 'licence_lapsed':
    case 'device_deactivated':
    case 'already_licensed':
      return new CoreError('conflict', error.message);
    case 'invalid_request':
      return new CoreError('invalid_request', error.message);
    default:
      return new CoreError('unavailable', error.message);
  }
}
