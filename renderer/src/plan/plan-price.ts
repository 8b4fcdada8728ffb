import type { PlanPrice } from '@shared/licence/licence-api';

const PERIOD_NOUNS: Record<PlanPrice['interval'], [string, string]> = {
  day: ['day', 'days'],
  week: ['week', 'weeks'],
  month: ['month', 'months'],
  year: ['year', 'years'],
};

/** "$59" (whole amounts without cents) in the price's own currency; the amount is in cents. */
export function formatPriceAmount(price: PlanPrice): string {
  const currency = price.currency.toUpperCase();
  const major = price.amount / 100;
  const whole = Number.isInteger(major);
  return new Intl.NumberFormat('en-AU', {
    style: 'currency',
    currency,
    minimumFractionDigits: whole ? 0 : 2,
    maximumFractionDigits: 2,
  }).format(major);
}

/** "a month", "every 3 months", "a year": how often the price is billed. */
export function billingPeriod(price: PlanPrice): string {
  const [one, many] = PERIOD_NOUNS[price.interval];
  return price.intervalCount === 1 ? `a ${one}` : `every ${price.intervalCount} ${many}`;
}
