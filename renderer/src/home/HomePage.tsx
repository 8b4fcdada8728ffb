import { useState } from 'react';
import type { PostView } from '@shared/ipc/scheduling-channels';
import { hrefFor } from '../app/route';
import { QueryState } from '../data/QueryState';
import { useIpcQuery } from '../data/use-ipc-query';
import { formatTime, formatWhen, zoneName } from '../format/dates';
import { planHeadline } from '../plan/plan-wording';
import { useLicenceStatus } from '../plan/use-licence-status';
import { PlatformTag } from '../scheduling/PlatformTag';
import { postTitle } from '../scheduling/post-wording';
import { wallClock } from '../scheduling/zoned-time';
import { GettingStarted } from './GettingStarted';
import { glance, glancePeriod, todayAndNext } from './home-summary';

const SHOWN = 5;

/**
 * Home (`#/home`, the page the app opens on): what goes out today and next, what needs the owner,
 * the cycle's posts left and its results at a glance, and for a new owner the getting-started
 * steps. Every part reads the contract through the shared data layer, so events keep it current.
 */
export function HomePage() {
  return (
    <>
      <header className="page-header">
        <h1>Home</h1>
        <div className="page-header-side">
          <a className="button" href={hrefFor({ page: 'compose', draftId: null })}>
            Write a post
          </a>
        </div>
      </header>
      <GettingStarted />
      <div className="home-grid">
        <NeedsYou />
        <GoingOut />
        <ThisCycle />
      </div>
    </>
  );
}

/** Publishing's "needs your attention" list, in short, with the way there. */
function NeedsYou() {
  const query = useIpcQuery('publishing.overview', {});
  return (
    <section className="home-card" aria-labelledby="home-needs-you">
      <h2 id="home-needs-you">Needs you</h2>
      <QueryState query={query} loading="Loading what needs you…" action="load what needs you">
        {({ needsAttention }) =>
          needsAttention.length === 0 ? (
            <p className="hint">Nothing needs you. If a post cannot go out, it shows here.</p>
          ) : (
            <>
              <p className="home-attention-count">{needsAttention.length === 1 ? '1 post needs you' : `${needsAttention.length} posts need you`}</p>
              <ul className="home-list">
                {needsAttention.slice(0, SHOWN).map((post) => (
                  <li key={post.postId}>
                    <span className="home-post-text">{postTitle(post)}</span>
                    <span className="hint">{attentionReason(post)}</span>
                  </li>
                ))}
              </ul>
              <a className="button button-secondary" href={hrefFor({ page: 'publishing' })}>
                Sort them out in Publishing
              </a>
            </>
          )
        }
      </QueryState>
    </section>
  );
}

/** Why a post is on the attention list, in a few words (Publishing has the whole story and the choices). */
function attentionReason(post: PostView): string {
  if (post.missedAt !== null) return 'Missed while AgencyIQ was closed';
  const states = new Set(post.targets.map((target) => target.state));
  if (states.has('needs_check')) return 'Check whether it went out';
  if (states.has('needs_reconnect')) return 'A network needs you to sign in again';
  return 'Could not be published';
}

/** Today's posts in the business's zone and the next one after today. */
function GoingOut() {
  const query = useIpcQuery('scheduling.upcoming', { limit: 50 });
  // "Now" for splitting today from later: taken when the page opens, like the Results period.
  const [now] = useState(() => Date.now());
  return (
    <section className="home-card" aria-labelledby="home-going-out">
      <h2 id="home-going-out">Going out</h2>
      <QueryState query={query} loading="Loading your schedule…" action="load your schedule">
        {({ items, timeZone }) => {
          const { today, next } = todayAndNext(items, timeZone, now);
          return (
            <>
              <h3 className="home-subheading">Today ({zoneName(timeZone)})</h3>
              {today.length === 0 ? (
                <p className="hint">Nothing goes out today.</p>
              ) : (
                <ul className="home-list" aria-label="Today">
                  {today.slice(0, SHOWN).map((post) => (
                    <UpcomingPost key={post.postId} post={post} when={formatTime(wallClock(post.scheduledAt!, timeZone).time)} />
                  ))}
                  {today.length > SHOWN && <li className="hint">and {today.length - SHOWN} more</li>}
                </ul>
              )}
              <h3 className="home-subheading">Next</h3>
              {next === null ? (
                <p className="hint">
                  Nothing is scheduled after today. <a href={hrefFor({ page: 'compose', draftId: null })}>Write a post</a>
                </p>
              ) : (
                <ul className="home-list" aria-label="Next">
                  <UpcomingPost post={next} when={formatWhen(next.scheduledAt!, timeZone)} />
                </ul>
              )}
              <a className="button button-secondary" href={hrefFor({ page: 'calendar' })}>
                Open the calendar
              </a>
            </>
          );
        }}
      </QueryState>
    </section>
  );
}

function UpcomingPost({ post, when }: { post: PostView; when: string }) {
  return (
    <li className="home-upcoming">
      <span className="home-when">{when}</span>
      <span className="home-post-text">{postTitle(post)}</span>
      <span className="home-platforms">
        {post.targets.map((target) => (
          <PlatformTag key={target.targetId} platform={target.platform} />
        ))}
      </span>
    </li>
  );
}

/** A network's number, or "not available" (never 0) where none was given. */
function Figure({ value }: { value: number | null }) {
  return value === null ? <span className="not-available">not available</span> : <>{value.toLocaleString('en-AU')}</>;
}

/** Posts left this cycle and what the networks reported for it. */
function ThisCycle() {
  const licence = useLicenceStatus();
  const [now] = useState(() => Date.now());
  const period = glancePeriod(licence.status, now);
  const results = useIpcQuery('results.overview', { from: period.from, to: period.to }, { enabled: licence.status !== null || licence.error !== null });
  return (
    <section className="home-card" aria-labelledby="home-cycle">
      <h2 id="home-cycle">{period.label}</h2>
      {licence.status && <p className="quota-line">{planHeadline(licence.status)}</p>}
      <QueryState query={results} loading="Loading your results…" action="load your results">
        {(overview) => {
          const totals = glance(overview);
          if (totals.postsPublished === 0) return <p className="hint">Nothing published in this period yet. Numbers appear here once your posts go out.</p>;
          return (
            <>
              <dl className="home-glance">
                <div>
                  <dt>Posts published</dt>
                  <dd>{totals.postsPublished}</dd>
                </div>
                <div>
                  <dt>Impressions</dt>
                  <dd>
                    <Figure value={totals.impressions} />
                  </dd>
                </div>
                <div>
                  <dt>Engagements</dt>
                  <dd>
                    <Figure value={totals.engagements} />
                  </dd>
                </div>
              </dl>
              <p className="hint">Only the numbers your networks report: “not available” where they give none.</p>
            </>
          );
        }}
      </QueryState>
      <a className="button button-secondary" href={hrefFor({ page: 'results' })}>
        See your results
      </a>
    </section>
  );
}
