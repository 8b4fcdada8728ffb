import type { connectionsChannels } from '@shared/ipc/connections-channels';
import type { HandlersFor } from '../handler-types';
import type { ConnectionsService } from './connections-service';

/** The Connections page's part of the IPC contract. No response ever carries a token. */
export function createConnectionsHandlers(service: ConnectionsService): HandlersFor<keyof typeof connectionsChannels> {
  return {
    'connections.list': () => service.overview(),
    'connections.connect': ({ platform }) => service.connect(platform),
    'connections.cancel': ({ platform }) => service.cancel(platform),
    'connections.disconnect': ({ platform }) => service.disconnect(platform),
    'connections.choosePage': ({ platform, pageId }) => service.choosePage(platform, pageId),
  };
}
