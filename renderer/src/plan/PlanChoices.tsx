import { PLAN_IDS, DEFAULT_PLAN_TERMS, type PlanId } from '@shared/licence/plans';

interface Props {
  currentPlan: PlanId | null;
  /** The plan whose checkout is being opened, if any. */
  busyPlan: PlanId | null;
  /** False while a plan is active: changes go through Manage billing. */
  canChoose: boolean;
  onChoose: (plan: PlanId) => void;
}

/** The three plans side by side, each with its posts per cycle, computers and a Choose button. */
export function PlanChoices({ currentPlan, busyPlan, canChoose, onChoose }: Props) {
  return (
    <ul className="plan-choices" aria-label="Plans">
      {PLAN_IDS.map((id) => {
        const terms = DEFAULT_PLAN_TERMS[id];
        const isCurrent = currentPlan === id;
        return (
          <li key={id} className={isCurrent ? 'plan-card plan-card-current' : 'plan-card'} aria-current={isCurrent ? 'true' : undefined}>
            <h3>{terms.label}</h3>
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
