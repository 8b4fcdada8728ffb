import type { AppInfo, appChannels } from '@shared/ipc/app-channels';
import type { Domain } from '../domain';
import type { HandlersFor } from '../handler-types';

/** `app.info`: the version, the database's schema version, the host, and whether this is the sandbox. */
export function openAppInfo(info: AppInfo): Domain<HandlersFor<Exclude<keyof typeof appChannels, 'app.rendererReady'>>> {
  return { handlers: { 'app.info': async () => info }, close: () => {} };
}
