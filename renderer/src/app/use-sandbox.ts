import { useIpcQuery } from '../data/use-ipc-query';

/** True when the app runs in `npm run sandbox` (the host says so in `app.info`). */
export function useSandbox(): boolean {
  return useIpcQuery('app.info', {}).data?.sandbox ?? false;
}
