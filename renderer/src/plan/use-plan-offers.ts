import { useEffect, useState } from 'react';
import type { PlansResponse } from '@shared/licence/licence-api';
import { call } from '../ipc/client';

export type PlanOffer = PlansResponse['plans'][number];

/**
 * The plans on sale with their prices, from the licence server. Null until it has answered;
 * asked again after each successful check with the server (`lastSyncAt` moves) while still
 * unknown. A failure is not shown here: the page's one message about the server says it.
 */
export function usePlanOffers(lastSyncAt: number | null): PlanOffer[] | null {
  const [offers, setOffers] = useState<PlanOffer[] | null>(null);
  const known = offers !== null;

  useEffect(() => {
    if (known) return;
    let current = true;
    call('licence.plans', {}).then(
      (value) => current && setOffers(value.plans),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [known, lastSyncAt]);

  return offers;
}
