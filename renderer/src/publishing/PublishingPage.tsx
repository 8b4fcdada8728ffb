import { useState } from 'react';
import { PLATFORM_LABELS } from '@shared/domain/platform';
import type { PostView } from '@shared/ipc/scheduling-channels';
import { DEFAULT_TIME_ZONE } from '@shared/domain/time-zone';
import { hrefFor } from '../app/route';
import { planHeadline } from '../plan/plan-wording';
import { useLicenceStatus } from '../plan/use-licence-status';
import { PlatformTag } from '../scheduling/PlatformTag';
import { postTitle, targetStateLabel, viewLabel } from '../scheduling/post-wording';
import { formatWhen } from '../format/dates';
import { PostNumbersView } from '../results/PostNumbersView';
import { AttemptHistory } from './AttemptHistory';
import { MissedChoices } from './MissedChoices';
import { TargetAttention } from './TargetAttention';
import { usePublishingOverview } from './use-publishing-overview';
import { LoadFailed } from '../ui/LoadFailed';
import { MediaCover } from '../media/MediaCover';
import { UploadProgress } from './UploadProgress';

const NEEDS_OWNER = new Set(['needs_check', 'needs_reconnect', 'failed']);

function zoneOf(post: PostView): string {
  return post.timeZone ?? DEFAULT_TIME_ZONE;
}

/**
 * Publishing: what is going out now (live, per platform), what needs the owner (an unknown
 * outcome, a sign-in, a failure, a missed post), and what went out lately with links to see it.
 */
export function PublishingPage() {
  const { loaded, reload, replace } = usePublishingOverview();
  // Publishing a post uses one of the cycle's posts: the contract's events keep this line true.
  const licence = useLicenceStatus();

  return (
    <>
      <header className="page-header">
        <h1>Publishing</h1>
        <div className="page-header-side">
          <a className="button button-secondary" href={hrefFor({ page: 'calendar' })}>
            Calendar
          </a>
        </div>
      </header>
      {licence.status && (
        <p className="quota-line" id="quota-line">
          {planHeadline(licence.status)}
          {licence.status.state !== 'active' && (
            <>
              {' '}
              <a href={hrefFor({ page: 'plan' })}>See your plan</a>
            </>
          )}
        </p>
      )}

      {loaded.state === 'loading' && (
        <p role="status" className="loading">
          Loading…
        </p>
      )}
      {loaded.state === 'error' && (
        <LoadFailed action="load what is being published" message={loaded.message} onRetry={reload} />
      )}
      {loaded.state === 'ready' && (
        <>
          <section className="publishing-section" aria-labelledby="attention-heading">
            <h2 id="attention-heading">Needs your attention</h2>
            {loaded.overview.needsAttention.length === 0 ? (
              <p className="hint">Nothing needs you. If a post cannot go out, it appears here with what you can do.</p>
            ) : (
              <ul className="publishing-list">
                {loaded.overview.needsAttention.map((post) => (
                  <li key={post.postId} className="publishing-post publishing-post-attention">
                    <div className="publishing-post-head">
                      <MediaCover postId={post.postId} />
                      <p className="publishing-post-text">{postTitle(post)}</p>
                    </div>
                    {post.missedAt !== null ? (
                      <MissedChoices post={post} zone={zoneOf(post)} onDone={(next) => {
                          replace(next);
                          reload();
                        }} />
                    ) : (
                      <ul className="attention-targets">
                        {post.targets
                          .filter((target) => NEEDS_OWNER.has(target.state))
                          .map((target) => (
                            <TargetAttention key={target.targetId} target={target} onDone={(next) => {
                          replace(next);
                          reload();
                        }} />
                          ))}
                      </ul>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </section>

          <section className="publishing-section" aria-labelledby="progress-heading">
            <h2 id="progress-heading">In progress</h2>
            {loaded.overview.inProgress.length === 0 ? (
              <p className="hint">
                Nothing is going out right now. Scheduled posts start here at their time; see them on the{' '}
                <a href={hrefFor({ page: 'calendar' })}>Calendar</a>.
              </p>
            ) : (
              <ul className="publishing-list">
                {loaded.overview.inProgress.map((post) => (
                  <PostRow key={post.postId} post={post} />
                ))}
              </ul>
            )}
          </section>

          <section className="publishing-section" aria-labelledby="recent-heading">
            <h2 id="recent-heading">Recent</h2>
            {loaded.overview.recent.length === 0 ? (
              <p className="hint">Nothing published yet. Posts you publish appear here with a link to each one.</p>
            ) : (
              <ul className="publishing-list">
                {loaded.overview.recent.map((post) => (
                  <PostRow key={post.postId} post={post} withHistory />
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </>
  );
}

/** A post and how each of its platforms stands, with the link to see it and, on demand, its tries and its numbers over time. */
function PostRow({ post, withHistory = false }: { post: PostView; withHistory?: boolean }) {
  const [history, setHistory] = useState<string | null>(null);
  const [numbers, setNumbers] = useState<string | null>(null);
  const zone = zoneOf(post);
  const published = post.targets.map((t) => t.publishedAt).filter((at): at is number => at !== null);
  const when = published.length > 0 ? Math.max(...published) : post.scheduledAt;
  return (
    <li className="publishing-post">
      <div className="publishing-post-head">
        <MediaCover postId={post.postId} />
        <p className="publishing-post-text">{postTitle(post)}</p>
      </div>
      {when !== null && <p className="hint">{formatWhen(when, zone)}</p>}
      <ul className="target-lines" aria-label="Platforms">
        {post.targets.map((target) => (
          <li key={target.targetId} data-target-state={target.state}>
            <PlatformTag platform={target.platform} />
            <span className={`target-state target-${target.state}`}>{targetStateLabel(target)}</span>
            {target.state === 'publishing' && <UploadProgress targetId={target.targetId} platform={target.platform} />}
            {target.state === 'scheduled' && target.nextAttemptAt !== null && (
              <span className="hint">trying again at {formatWhen(target.nextAttemptAt, zone)}</span>
            )}
            {target.error && target.state !== 'published' && <span className="target-error">{target.error.message}</span>}
            {target.state === 'published' && target.platformUrl && (
              <a href={target.platformUrl} target="_blank" rel="noreferrer">
                {viewLabel(target.platform)}
              </a>
            )}
            {withHistory && (
              <button
                type="button"
                className="link-button"
                aria-expanded={history === target.targetId}
                onClick={() => setHistory((open) => (open === target.targetId ? null : target.targetId))}
              >
                {history === target.targetId ? 'Hide attempts' : `Show attempts (${target.attempts})`}
              </button>
            )}
            {withHistory && target.state === 'published' && (
              <button
                type="button"
                className="link-button"
                aria-expanded={numbers === target.targetId}
                onClick={() => setNumbers((open) => (open === target.targetId ? null : target.targetId))}
              >
                {numbers === target.targetId ? 'Hide numbers' : 'Show numbers'}
                <span className="visually-hidden"> on {PLATFORM_LABELS[target.platform]}</span>
              </button>
            )}
          </li>
        ))}
      </ul>
      {history !== null && <AttemptHistory targetId={history} zone={zone} />}
      {numbers !== null && <PostNumbersView targetId={numbers} zone={zone} />}
    </li>
  );
}
