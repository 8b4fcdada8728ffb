import type { PlansResponse } from '@shared/licence/licence-api';
import { useIpcQuery } from '../data/use-ipc-query';

export type PlanOffer = PlansResponse['plans'][number];

/**
 * The plans on sale with their prices, from the licence server (`licence.plans`). Null until it
 * has answered; read again after each check with the server (`licence.changed`). A failure is
 * not shown here: the page's one message about the server says it.
 */
export function usePlanOffers(): PlanOffer[] | null {
  return useIpcQuery('licence.plans', {}).data?.plans ?? null;
}
