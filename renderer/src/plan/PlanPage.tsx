import { useEffect, useRef, useState } from 'react';
import type { LicenceStatus } from '@shared/ipc/licence-channels';
import { DEFAULT_PLAN_TERMS, type PlanId } from '@shared/licence/plans';
import { call, errorMessage } from '../ipc/client';
import { ActivateForm } from './ActivateForm';
import { DevicesList } from './DevicesList';
import { LicenceKeyBox } from './LicenceKeyBox';
import { PlanChoices } from './PlanChoices';
import { activeDetail, planHeadline, usageLine } from './plan-wording';
import { useLicenceStatus } from './use-licence-status';
import { usePlanOffers } from './use-plan-offers';
import { LoadFailed } from '../ui/LoadFailed';
import { SecretStoragePanel } from '../secrets/SecretStoragePanel';

/**
 * The Plan page: what the owner's plan allows right now, choosing or changing a plan (in the
 * browser, through Stripe), entering a licence key, and the computers using the plan.
 */
export function PlanPage() {
  const { status, error, reload, update } = useLicenceStatus();
  const offers = usePlanOffers();
  const [busy, setBusy] = useState<'sync' | 'portal' | PlanId | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const waitingRef = useRef<HTMLHeadingElement>(null);
  const headlineRef = useRef<HTMLHeadingElement>(null);
  const waiting = status?.checkout?.state === 'waiting';
  const state = status?.state;

  // The Choose button just vanished behind the waiting notice; keep keyboard users there.
  useEffect(() => {
    if (waiting) waitingRef.current?.focus();
  }, [waiting]);

  // When the plan changes under the owner (payment done, key accepted), the control they used
  // is gone; start them at the news rather than at the top of the document.
  useEffect(() => {
    if (document.activeElement === document.body || document.activeElement === null) headlineRef.current?.focus();
  }, [state]);

  const act = async (what: NonNullable<typeof busy>, run: () => Promise<LicenceStatus | void>) => {
    setBusy(what);
    setProblem(null);
    try {
      const next = await run();
      if (next) update(next);
    } catch (e) {
      setProblem(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const sync = () => void act('sync', () => call('licence.sync', {}));

  const header = (
    <header className="page-header">
      <h1>Plan</h1>
      {status && (
        <div className="page-header-side">
          <button type="button" className="button button-secondary" disabled={busy !== null} onClick={sync}>
            {busy === 'sync' ? 'Checking…' : 'Check now'}
          </button>
        </div>
      )}
    </header>
  );

  if (status === null) {
    return (
      <>
        {header}
        {error ? (
          <LoadFailed action="load your plan" message={error} onRetry={reload} />
        ) : (
          <p role="status" className="loading">
            Loading your plan…
          </p>
        )}
      </>
    );
  }

  const hasPlan = status.state === 'active' || status.state === 'grace';
  // "none" says it all in the headline (and a reset identity has its own notice below).
  const detail = status.state === 'active' ? activeDetail(status) : status.state === 'none' ? null : status.message;
  // A plan that is paid for but cannot be confirmed (clock, offline too long, damaged licence)
  // needs a check with the server, not a second purchase.
  const needsCheck = status.state === 'lapsed' && (status.lapsedReason === 'clock_turned_back' || status.lapsedReason === 'expired' || status.lapsedReason === 'invalid' || status.lapsedReason === 'check_needed');
  // The plan was changed to fewer computers and this one is beyond them: free a seat (remove a
  // computer below) or move to a bigger plan (billing), not buy a second plan.
  const overSeats = status.state === 'lapsed' && status.lapsedReason === 'seats_exceeded';
  const canManage = hasPlan || overSeats;
  const canChoose = !hasPlan && !needsCheck && !overSeats;
  const showActivate = canChoose && !waiting;
  // One message per problem: a button that failed because the server is out of reach says the
  // same sentence as the last check did, so it is shown once.
  const problems = [...new Set([status.syncProblem, problem].filter((message): message is string => message !== null))];

  return (
    <>
      {header}
      <SecretStoragePanel where="plan" />

      <section className={`plan-status plan-status-${status.state}`} aria-labelledby="plan-headline" data-testid="plan-status">
        <h2 id="plan-headline" ref={headlineRef} tabIndex={-1}>
          {planHeadline(status)}
        </h2>
        {detail && <p>{detail}</p>}
        {status.state === 'grace' && status.usage && <p>{usageLine(status)}</p>}
        {canManage && (
          <p className="actions">
            <button type="button" className="button button-secondary" disabled={busy !== null} onClick={() => void act('portal', () => call('licence.portal', {}).then(() => undefined))}>
              {busy === 'portal' ? 'Opening…' : 'Manage billing'}
            </button>
          </p>
        )}
        {needsCheck && (
          <p className="actions">
            <button type="button" className="button" disabled={busy !== null} onClick={sync}>
              {busy === 'sync' ? 'Checking with AgencyIQ…' : 'Check my plan now'}
            </button>
          </p>
        )}
        {busy === 'portal' && <p className="hint">Stripe’s billing page opens in your browser.</p>}
      </section>

      {problems.map((message) => (
        <div key={message} className="notice notice-error" role="alert">
          <p>{message}</p>
          {hasPlan && message === status.syncProblem && (
            <p className="hint">Your plan keeps working offline for up to 7 days after the last successful check.</p>
          )}
        </div>
      ))}
      {status.identityReset && !hasPlan && (
        <div className="notice" role="status">
          <p>
            This computer’s saved identity could not be read (for example after the system keyring was reset), so AgencyIQ
            made a new one. Enter your licence key below to activate your plan again.
          </p>
        </div>
      )}

      {hasPlan && status.licenceKey && <LicenceKeyBox licenceKey={status.licenceKey} />}

      {waiting && status.checkout && (
        <section className="notice plan-waiting" aria-labelledby="waiting-heading">
          <h2 id="waiting-heading" ref={waitingRef} tabIndex={-1}>
            Waiting for your payment in the browser…
          </h2>
          <p>
            Finish paying for {DEFAULT_PLAN_TERMS[status.checkout.plan].label} on the Stripe page that opened in your browser. This
            page updates by itself when it is done.
          </p>
          <p className="actions">
            <button type="button" className="button button-secondary" disabled={busy !== null} onClick={sync}>
              I’ve paid — check now
            </button>
            <button type="button" className="button button-secondary" onClick={() => void act('sync', () => call('licence.cancelCheckout', {}))}>
              Back to plans
            </button>
          </p>
        </section>
      )}
      {status.checkout?.state === 'cancelled' && (
        <div className="notice" role="status">
          <p>Checkout was cancelled, and nothing was charged. You can choose a plan again whenever you like.</p>
          <p className="actions">
            <button type="button" className="button button-secondary" onClick={() => void act('sync', () => call('licence.cancelCheckout', {}))}>
              Dismiss
            </button>
          </p>
        </div>
      )}

      {!waiting && (
        <section className="plan-section" aria-labelledby="plans-heading">
          <h2 id="plans-heading">{canChoose ? 'Choose a plan' : 'Plans'}</h2>
          <p className="hint">
            {hasPlan
              ? 'To change or cancel your plan, use Manage billing.'
              : overSeats
                ? 'To use more computers, move to a plan that covers them under Manage billing.'
              : needsCheck
                ? 'Your plan is still yours: once AgencyIQ has checked it with its server, publishing resumes.'
                : 'Payment happens on Stripe’s secure page in your browser. Drafting is always free.'}
          </p>
          <PlanChoices
            offers={offers}
            currentPlan={hasPlan || needsCheck ? (status.plan?.id ?? null) : null}
            busyPlan={busy !== null && busy !== 'sync' && busy !== 'portal' ? busy : null}
            canChoose={canChoose}
            onChoose={(plan) => void act(plan, () => call('licence.checkout', { plan }))}
          />
        </section>
      )}

      {showActivate && (
        <section className="plan-section" aria-labelledby="activate-heading">
          <h2 id="activate-heading">Enter a licence key</h2>
          <ActivateForm initialKey={status.identityReset ? (status.licenceKey ?? '') : ''} onActivated={update} />
        </section>
      )}

      {hasPlan && status.plan && <DevicesList seats={status.plan.seats} />}
      {overSeats && <DevicesList seats={null} onRemoved={sync} />}
    </>
  );
}
