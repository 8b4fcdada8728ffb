import { hrefFor } from '../app/route';
import { useIpcQuery } from '../data/use-ipc-query';
import { gettingStartedSteps } from './home-summary';

/**
 * The new owner's "Getting started" list. Each step ticks itself off from the real state (the
 * contract's answers, kept current by its events); the list is gone once every step is done,
 * and says nothing until every answer is in (no flash of a list an established owner never needs).
 */
export function GettingStarted() {
  const profile = useIpcQuery('profile.get', {}).data;
  const connections = useIpcQuery('connections.list', {}).data;
  const licence = useIpcQuery('licence.status', {}).data;
  const started = useIpcQuery('scheduling.started', {}).data;
  if (!profile || !connections || !licence || !started) return null;
  const steps = gettingStartedSteps({ profile, connections, licence, anyScheduled: started.anyScheduled });
  const done = steps.filter((step) => step.done).length;
  if (done === steps.length) return null;
  return (
    <section className="home-getting-started" aria-labelledby="home-getting-started">
      <h2 id="home-getting-started">Getting started</h2>
      <p className="hint">
        {done} of {steps.length} done
      </p>
      <ol className="getting-started-steps">
        {steps.map((step) => (
          <li key={step.id} className={step.done ? 'step-done' : 'step-todo'}>
            <span className="step-mark" aria-hidden="true">
              {step.done ? '✓' : ''}
            </span>
            <div>
              <p className="step-label">
                {step.label}
                <span className="visually-hidden">{step.done ? ' (done)' : ' (to do)'}</span>
              </p>
              {!step.done && (
                <>
                  <p className="hint">{step.why}</p>
                  <a href={hrefFor(step.route)}>{step.action}</a>
                </>
              )}
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
