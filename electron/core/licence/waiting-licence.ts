import type { LicenceStatus } from '@shared/ipc/licence-channels';
import type { EventSink } from '../events/event-hub';
import type { SecretStorageGate } from '../vault/secret-storage-gate';
import { SecretStorageWaitingError } from '../vault/secret-storage-gate';
import type { LicenceDomain } from './open-licence';

/**
 * The licence domain while saved secrets cannot be kept (no keyring and no choice yet, or no
 * encryption at all): this computer's licence identity cannot be created or read, so nothing is
 * asked of the server. The Plan page says why; publishing is paused (no verified lease); every
 * action answers the same plain reason. When the owner chooses, the core rebuilds the domains
 * and the real licence domain takes over.
 */
export function openWaitingLicence(deps: { gate: SecretStorageGate; events: EventSink }): LicenceDomain {
  const status = (): LicenceStatus => ({
    state: 'none',
    publishingAllowed: false,
    plan: null,
    usage: null,
    grace: null,
    lapsedReason: null,
    message: new SecretStorageWaitingError(deps.gate.state).message,
    lastSyncAt: null,
    syncProblem: null,
    licenceKey: null,
    checkout: null,
    identityReset: false,
  });
  const refuse = async (): Promise<never> => {
    throw new SecretStorageWaitingError(deps.gate.state);
  };
  return {
    handlers: {
      'licence.status': async () => status(),
      'licence.sync': async () => status(),
      // Prices come from the licence server, which this computer cannot talk to until the choice.
      'licence.plans': refuse,
      'licence.checkout': refuse,
      'licence.cancelCheckout': async () => status(),
      'licence.portal': refuse,
      'licence.activate': refuse,
      'licence.devices': refuse,
      'licence.deactivate': refuse,
    },
    sync: {
      status: async () => status(),
      verifiedLease: async () => null,
      announce: async () => {
        const current = status();
        deps.events.emit('licence.changed', current);
        return current;
      },
      // A return from Stripe while waiting: the plan is picked up once the licence can run.
      onLicenceReturn: async () => {},
      // Nothing is published while waiting, so there are no charges to report.
      ledgerChanged: () => {},
    },
    deviceSession: { serverUrl: '', bearerToken: async () => null },
    close: async () => {},
  };
}
