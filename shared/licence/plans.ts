/** The plans on sale. The server maps each to a Stripe price id and may override the numbers. */
export const PLAN_IDS = ['starter', 'growth', 'professional'] as const;
export type PlanId = (typeof PLAN_IDS)[number];

export interface PlanTerms {
  label: string;
  /** Posts that may be published per billing period (a month; see billing-cycle.ts). */
  postsPerCycle: number;
  /** Devices that may hold a lease at the same time. */
  seats: number;
}

/** Defaults from the architecture page; the licence server's configuration can change them. */
export const DEFAULT_PLAN_TERMS: Readonly<Record<PlanId, PlanTerms>> = {
  starter: { label: 'Starter', postsPerCycle: 12, seats: 1 },
  growth: { label: 'Growth', postsPerCycle: 27, seats: 2 },
  professional: { label: 'Professional', postsPerCycle: 52, seats: 3 },
};

/** How long a lease lives: the offline grace. Revocation is refusal to renew. */
export const LEASE_TTL_DAYS = 7;
