import { useState, type FormEvent } from 'react';
import { PLATFORM_LABELS } from '@shared/domain/platform';
import type { CheckResolution } from '@shared/ipc/publishing-channels';
import type { PostView, TargetView } from '@shared/ipc/scheduling-channels';
import { hrefFor } from '../app/route';
import { call, errorMessage } from '../ipc/client';
import { PlatformTag } from '../scheduling/PlatformTag';
import { ConfirmPanel } from '../ui/ConfirmPanel';

type Asking = 'paste' | 'again' | 'discard' | null;

/** True for a link the owner may paste: https, and a URL at all. */
function isHttpsUrl(raw: string): boolean {
  try {
    return new URL(raw).protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * One platform of a post that needs the owner: an unknown outcome (the three choices), a
 * sign-in to renew, or a failure with its reason. Each answer goes to the main process, which
 * replies with the post as it now stands.
 */
export function TargetAttention({ target, onDone }: { target: TargetView; onDone: (post: PostView) => void }) {
  const [asking, setAsking] = useState<Asking>(null);
  const [url, setUrl] = useState('');
  const [urlProblem, setUrlProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const name = PLATFORM_LABELS[target.platform];

  const run = async (action: () => Promise<PostView>) => {
    setBusy(true);
    setProblem(null);
    try {
      onDone(await action());
      setAsking(null);
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  const resolve = (resolution: CheckResolution) =>
    run(() => call('publishing.resolveCheck', { targetId: target.targetId, resolution }));
  const retry = () => run(() => call('publishing.retry', { targetId: target.targetId }));

  const savePasted = (event: FormEvent) => {
    event.preventDefault();
    const link = url.trim();
    if (!isHttpsUrl(link)) {
      setUrlProblem(`Paste the whole link to the post on ${name}; it starts with https://`);
      return;
    }
    setUrlProblem(null);
    void resolve({ kind: 'was-published', url: link });
  };

  return (
    <li className={`attention-target attention-${target.state}`}>
      <p className="attention-title">
        <PlatformTag platform={target.platform} />
        <strong>
          {target.state === 'needs_check'
            ? `We don’t know whether ${name} published this.`
            : target.state === 'needs_reconnect'
              ? `${name} needs you to sign in again.`
              : `Not published on ${name}.`}
        </strong>
      </p>
      {target.error && <p className="attention-reason">{target.error.message}</p>}

      {target.state === 'needs_check' && (
        <>
          <p>AgencyIQ will not send it again by itself. Choose what happened:</p>
          {asking === null && (
            <p className="actions">
              <button type="button" className="button" onClick={() => setAsking('paste')}>
                It was published — paste the link
              </button>
              <button type="button" className="button button-secondary" onClick={() => setAsking('again')}>
                Publish again
              </button>
              <button type="button" className="button button-danger" onClick={() => setAsking('discard')}>
                Discard
              </button>
            </p>
          )}
          {asking === 'paste' && (
            <form className="paste-link" onSubmit={savePasted} noValidate>
              <div className="field">
                <label htmlFor={`link-${target.targetId}`}>Link to the post on {name}</label>
                <input
                  id={`link-${target.targetId}`}
                  type="url"
                  inputMode="url"
                  placeholder="https://"
                  value={url}
                  autoFocus
                  aria-invalid={urlProblem !== null}
                  aria-describedby={urlProblem ? `link-${target.targetId}-error` : undefined}
                  onChange={(event) => setUrl(event.target.value)}
                />
                {urlProblem && (
                  <p id={`link-${target.targetId}-error`} className="field-error">
                    {urlProblem}
                  </p>
                )}
              </div>
              <p className="actions">
                <button type="submit" className="button" disabled={busy}>
                  Mark as published
                </button>
                <button type="button" className="button button-secondary" disabled={busy} onClick={() => setAsking(null)}>
                  Cancel
                </button>
              </p>
            </form>
          )}
          {asking === 'again' && (
            <ConfirmPanel
              question={`Publish on ${name} again?`}
              confirmLabel="Yes, publish again"
              cancelLabel="Cancel"
              danger
              busy={busy}
              onConfirm={() => void resolve({ kind: 'publish-again' })}
              onCancel={() => setAsking(null)}
            >
              <p>If the first attempt did go out, it may be posted twice on {name}.</p>
            </ConfirmPanel>
          )}
          {asking === 'discard' && (
            <ConfirmPanel
              question={`Discard this post on ${name}?`}
              confirmLabel="Yes, discard"
              cancelLabel="Cancel"
              danger
              busy={busy}
              onConfirm={() => void resolve({ kind: 'discard' })}
              onCancel={() => setAsking(null)}
            >
              <p>It is marked as not published. Nothing is sent.</p>
            </ConfirmPanel>
          )}
        </>
      )}

      {target.state === 'needs_reconnect' && (
        <p className="actions">
          <a className="button" href={hrefFor({ page: 'connections' })}>
            Reconnect {name} on the Connections page
          </a>
          <button type="button" className="button button-secondary" disabled={busy} onClick={() => void retry()}>
            Publish again
          </button>
        </p>
      )}

      {target.state === 'failed' && (
        <p className="actions">
          <button type="button" className="button button-secondary" disabled={busy} onClick={() => void retry()}>
            Publish again
          </button>
        </p>
      )}

      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
    </li>
  );
}
