import { useEffect, useState } from 'react';
import { call } from '../ipc/client';

/** True when the app runs in `npm run sandbox` (the host says so in `app.info`). */
export function useSandbox(): boolean {
  const [sandbox, setSandbox] = useState(false);
  useEffect(() => {
    let current = true;
    call('app.info', {}).then(
      (info) => current && setSandbox(info.sandbox),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, []);
  return sandbox;
}
