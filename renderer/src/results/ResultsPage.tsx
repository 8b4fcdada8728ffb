import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { PLATFORM_LABELS } from '@shared/domain/platform';
import type { ResultsOverview, UnavailableReason } from '@shared/ipc/results-channels';
import { QueryState } from '../data/QueryState';
import { ipcQueryKey, useIpcQuery } from '../data/use-ipc-query';
import { formatWhen, weekdayName, zoneName } from '../format/dates';
import { call, errorMessage } from '../ipc/client';
import { resultsCsv } from '@shared/results/results-csv';
import { NextSlotPrefersBestTimes } from '../settings/ResultsSection';
import { FollowersView } from './FollowersView';

const DAY_MS = 86_400_000;
const PERIODS = [7, 30, 90] as const;
type BestTimes = ResultsOverview['bestTimes'][number];

const percent = (rate: number | null) => (rate === null ? 'not available' : `${(rate * 100).toFixed(1)}%`);
const number = (value: number | null) => (value === null ? 'not available' : value.toLocaleString());

/** Results (`#/results`): what each network reported for the period, top posts, and best times to post. */
export function ResultsPage() {
  const [days, setDays] = useState<(typeof PERIODS)[number]>(30);
  // The period ends when the page opened, rounded up to the hour, so the query key is stable while the page is open.
  const [to] = useState(() => Math.ceil(Date.now() / 3_600_000) * 3_600_000);
  const period = useMemo(() => ({ from: to - days * DAY_MS, to }), [days, to]);
  const query = useIpcQuery('results.overview', period);
  return (
    <>
      <header className="page-header">
        <h1>Results</h1>
        <label className="results-period">
          Period{' '}
          <select value={days} onChange={(event) => setDays(Number(event.target.value) as (typeof PERIODS)[number])}>
            {PERIODS.map((d) => (
              <option key={d} value={d}>
                Last {d} days
              </option>
            ))}
          </select>
        </label>
      </header>
      <p className="results-source">Only the numbers each network reports. Where a network gives none, it says “not available”, never 0.</p>
      <QueryState query={query} loading="Loading your results…" action="load your results">
        {(overview) => <ResultsContent overview={overview} />}
      </QueryState>
    </>
  );
}

function ResultsContent({ overview }: { overview: ResultsOverview }) {
  const csvHref = useMemo(() => `data:text/csv;charset=utf-8,${encodeURIComponent(resultsCsv(overview, (ms) => formatWhen(ms, overview.timeZone)))}`, [overview]);
  if (overview.networks.length === 0) {
    return (
      <div className="results">
        <p>Nothing was published in this period yet.</p>
        <FollowersSection overview={overview} />
      </div>
    );
  }
  const most = Math.max(1, ...overview.networks.map((n) => n.impressions ?? 0));
  return (
    <div className="results">
      <section aria-labelledby="results-networks">
        <h2 id="results-networks">By network</h2>
        {/* The bars repeat the table's impressions; each is labelled with its number, so colour is never needed to read it. */}
        <svg className="results-bars" role="img" aria-label="Impressions per network" width="100%" height={overview.networks.length * 28} viewBox={`0 0 400 ${overview.networks.length * 28}`} preserveAspectRatio="xMinYMin meet">
          {overview.networks.map((n, i) => (
            <g key={n.platform} transform={`translate(0 ${i * 28})`}>
              <text x="0" y="17">{PLATFORM_LABELS[n.platform]}</text>
              <rect x="100" y="4" height="18" width={n.impressions === null ? 0 : Math.max(1, (n.impressions / most) * 220)} className="results-bar" />
              <text x={n.impressions === null ? 104 : 104 + (n.impressions / most) * 220} y="17">{number(n.impressions)}</text>
            </g>
          ))}
        </svg>
        <table className="results-table">
          <thead>
            <tr>
              <th scope="col">Network</th>
              <th scope="col">Posts published</th>
              <th scope="col">With numbers</th>
              <th scope="col">Impressions</th>
              <th scope="col">Engagements</th>
              <th scope="col">Engagement rate</th>
            </tr>
          </thead>
          <tbody>
            {overview.networks.map((n) => (
              <tr key={n.platform}>
                <th scope="row">{PLATFORM_LABELS[n.platform]}</th>
                <td>{n.postsPublished}</td>
                <td>{n.postsWithNumbers}</td>
                <td>{number(n.impressions)}</td>
                <td>{number(n.engagements)}</td>
                <td>{percent(n.engagementRate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <UnavailableNotes networks={overview.networks} />
        <a className="button button-secondary" href={csvHref} download="agencyiq-results.csv">
          Export as CSV
        </a>
      </section>
      <FollowersSection overview={overview} />
      <section aria-labelledby="results-top">
        <h2 id="results-top">Top posts</h2>
        {overview.topPosts.length === 0 ? (
          <p>No network has reported numbers for this period’s posts yet.</p>
        ) : (
          <table className="results-table">
            <thead>
              <tr>
                <th scope="col">Post</th>
                <th scope="col">Network</th>
                <th scope="col">Published</th>
                <th scope="col">Impressions</th>
                <th scope="col">Engagements</th>
              </tr>
            </thead>
            <tbody>
              {overview.topPosts.map((post) => (
                <tr key={post.targetId}>
                  <td>{post.url === null ? post.excerpt : <a href={post.url} target="_blank" rel="noreferrer">{post.excerpt}</a>}</td>
                  <td>{PLATFORM_LABELS[post.platform]}</td>
                  <td>{formatWhen(post.publishedAt, overview.timeZone)}</td>
                  <td>{number(post.impressions)}</td>
                  <td>{number(post.engagements)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="results-best">
        <h2 id="results-best">Best times to post ({zoneName(overview.timeZone)})</h2>
        <NextSlotPrefersBestTimes />
        {overview.bestTimes.map((best) => (
          <BestTimesView key={best.platform} best={best} />
        ))}
      </section>
    </div>
  );
}

/** Why a network gave no number, in the owner's words. */
const UNAVAILABLE_WORDS: Record<UnavailableReason, string> = {
  not_permitted: 'the app is not allowed to read these numbers (reconnect the account to allow it)',
  too_few_viewers: 'too few people have seen them yet for the network to report numbers',
  no_data_yet: 'the network has no numbers for them yet',
  not_found: 'they are no longer on the network',
  impressions_not_given: 'the network gives no impressions for posts by a person, only for a page',
};

function UnavailableNotes({ networks }: { networks: ResultsOverview['networks'] }) {
  const notes = networks.flatMap((n) => n.unavailable.map((entry) => ({ platform: n.platform, ...entry })));
  if (notes.length === 0) return null;
  return (
    <ul className="results-notes" aria-label="Numbers not available">
      {notes.map((note) => (
        <li key={`${note.platform}-${note.reason}`}>
          {PLATFORM_LABELS[note.platform]}, {note.posts} {note.posts === 1 ? 'post' : 'posts'}: not available because {UNAVAILABLE_WORDS[note.reason]}.
        </li>
      ))}
    </ul>
  );
}

/** Followers over time, per connected account (the core reads them once a day). */
function FollowersSection({ overview }: { overview: ResultsOverview }) {
  return (
    <section aria-labelledby="results-followers">
      <h2 id="results-followers">Followers over time</h2>
      <FollowersView series={overview.followers} />
    </section>
  );
}

function BestTimesView({ best }: { best: BestTimes }) {
  const client = useQueryClient();
  const [message, setMessage] = useState<string | null>(null);
  const label = PLATFORM_LABELS[best.platform];
  if (best.kind === 'needs_more_posts') {
    return (
      <p>
        {label}: needs {best.needed} more {best.needed === 1 ? 'post' : 'posts'} with numbers before suggesting times ({best.postsWithNumbers} so far).
      </p>
    );
  }
  const addSlot = async (weekday: number, hour: number) => {
    const time = `${String(hour).padStart(2, '0')}:00`;
    try {
      const current = await call('scheduling.slots.get', {});
      if (current.slots.some((slot) => slot.weekday === weekday && slot.time === time)) {
        setMessage(`${weekdayName(weekday)} at ${time} is already a posting time.`);
        return;
      }
      client.setQueryData(ipcQueryKey('scheduling.slots.get', {}), await call('scheduling.slots.set', { slots: [...current.slots, { weekday, time }] }));
      setMessage(`Added ${weekdayName(weekday)} at ${time} to your weekly posting times.`);
    } catch (error) {
      setMessage(errorMessage(error));
    }
  };
  const byCell = new Map(best.cells.map((cell) => [`${cell.weekday}-${cell.hour}`, cell]));
  const top = Math.max(...best.cells.map((cell) => cell.meanRate), 0.0001);
  const hours = Array.from({ length: 24 }, (_, hour) => hour);
  return (
    <div className="results-best">
      <h3>{label}</h3>
      <ul>
        {best.suggestions.length === 0 && <li>No weekday and hour has 3 posts yet; keep posting at different times.</li>}
        {best.suggestions.map((cell) => (
          <li key={`${cell.weekday}-${cell.hour}`}>
            {weekdayName(cell.weekday)} {String(cell.hour).padStart(2, '0')}:00 — {percent(cell.meanRate)} on average over {cell.posts} posts (from {percent(cell.lowestRate)} to {percent(cell.highestRate)}){' '}
            <button type="button" className="button button-secondary" onClick={() => void addSlot(cell.weekday, cell.hour)}>
              Add as weekly posting time
            </button>
          </li>
        ))}
      </ul>
      {message !== null && <p role="status">{message}</p>}
      <table className="results-heatmap">
        <caption>Engagement rate by weekday and hour, {best.postsWithNumbers} posts (empty: no post at that hour)</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            {hours.map((hour) => (
              <th scope="col" key={hour}>
                {hour}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {[1, 2, 3, 4, 5, 6, 7].map((weekday) => (
            <tr key={weekday}>
              <th scope="row">{weekdayName(weekday, 'short')}</th>
              {hours.map((hour) => {
                const cell = byCell.get(`${weekday}-${hour}`);
                return (
                  <td key={hour} style={cell ? { backgroundColor: `rgba(37, 99, 235, ${0.15 + 0.85 * (cell.meanRate / top)})`, color: cell.meanRate / top > 0.5 ? '#fff' : undefined } : undefined} title={cell ? `${percent(cell.meanRate)}, ${cell.posts} posts` : undefined}>
                    {cell ? `${(cell.meanRate * 100).toFixed(1)}` : ''}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
