import type { draftsChannels } from '@shared/ipc/drafts-channels';
import type { HandlersFor } from '../handler-types';
import type { DraftStore } from './draft-store';

/** The drafts domain's part of the IPC contract. */
export function createDraftsHandlers(store: DraftStore): HandlersFor<keyof typeof draftsChannels> {
  return {
    'drafts.list': (request) => store.list(request),
    'drafts.get': ({ id }) => store.get(id),
    'drafts.save': (input) => store.save(input),
    'drafts.duplicate': ({ id }) => store.duplicate(id),
    'drafts.delete': ({ id }) => store.delete(id),
    'drafts.restore': ({ id }) => store.restore(id),
  };
}
