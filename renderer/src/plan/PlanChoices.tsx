import { PLAN_IDS, DEFAULT_PLAN_TERMS, type PlanId } from '@shared/licence/plans';
import { billingPeriod, formatPriceAmount } from './plan-price';
import type { PlanOffer } from './use-plan-offers';

interface Props {
  /** The server's plans with prices; null while unknown (the cards then show the default terms, no price). */
  offers: PlanOffer[] | null;
  currentPlan: PlanId | null;
  /** The plan whose checkout is being opened, if any. */
  busyPlan: PlanId | null;
  /** False while a plan is active: changes go through Manage billing. */
  canChoose: boolean;
  onChoose: (plan: PlanId) => void;
}

/** The three plans side by side, each with its price, posts per cycle, computers and a Choose button. */
export function PlanChoices({ offers, currentPlan, busyPlan, canChoose, onChoose }: Props) {
  return (
    <ul className="plan-choices" aria-label="Plans">
      {PLAN_IDS.map((id) => {
        const offer = offers?.find((o) => o.id === id) ?? null;
        const terms = offer ?? DEFAULT_PLAN_TERMS[id];
        const isCurrent = currentPlan === id;
        return (
          <li key={id} className={isCurrent ? 'plan-card plan-card-current' : 'plan-card'} aria-current={isCurrent ? 'true' : undefined}>
            <h3>{terms.label}</h3>
            {offer && (
              <p className="plan-price" data-testid={`price-${id}`}>
                <strong>{formatPriceAmount(offer.price)}</strong> {offer.price.currency.toUpperCase()} {billingPeriod(offer.price)}
              </p>
            )}
            <p className="plan-figure">
              <strong>{terms.postsPerCycle}</strong> posts each billing month
            </p>
            <p className="hint">
              On up to {terms.seats} {terms.seats === 1 ? 'computer' : 'computers'}
            </p>
            {isCurrent ? (
              <p className="plan-current-label">Your plan</p>
            ) : canChoose ? (
              <button type="button" className="button" disabled={busyPlan !== null} onClick={() => onChoose(id)}>
                {busyPlan === id ? 'Opening the payment page…' : `Choose ${terms.label}`}
              </button>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
