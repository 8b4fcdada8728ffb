import { PLATFORM_LABELS } from '@shared/domain/platform';
import type { ResultsOverview } from '@shared/ipc/results-channels';
import { formatDay } from '../format/dates';

/** One connected account's follower count by UTC day, oldest first (collected daily by the core's follower reader). */
export type FollowerSeries = ResultsOverview['followers'][number];


const count = (n: number) => n.toLocaleString('en-AU');

/**
 * Followers over time: per account a line with its first and last counts written on it, and the
 * same numbers as a table (start, latest, change), so nothing needs the colour or the line to read.
 */
export function FollowersView({ series }: { series: FollowerSeries[] }) {
  const shown = series.filter((one) => one.points.length > 0);
  if (shown.length === 0) {
    return <p className="hint">No follower counts yet: AgencyIQ reads them once a day for each connected account that gives them.</p>;
  }
  return (
    <>
      {shown.map((one) => (
        <FollowersLine key={one.connectionId} series={one} />
      ))}
      <table className="results-table">
        <caption className="visually-hidden">Followers per account over the period</caption>
        <thead>
          <tr>
            <th scope="col">Account</th>
            <th scope="col">Network</th>
            <th scope="col">First count</th>
            <th scope="col">Latest count</th>
            <th scope="col">Change</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((one) => {
            const first = one.points[0]!;
            const last = one.points.at(-1)!;
            const change = last.followers - first.followers;
            return (
              <tr key={one.connectionId}>
                <th scope="row">{one.accountName}</th>
                <td>{PLATFORM_LABELS[one.platform]}</td>
                <td>
                  {count(first.followers)} ({formatDay(first.day)})
                </td>
                <td>
                  {count(last.followers)} ({formatDay(last.day)})
                </td>
                <td>{change > 0 ? `+${count(change)}` : count(change)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}

const WIDTH = 420;
const HEIGHT = 90;
const PAD = { left: 8, right: 8, top: 20, bottom: 18 };

function FollowersLine({ series }: { series: FollowerSeries }) {
  const values = series.points.map((p) => p.followers);
  const low = Math.min(...values);
  const high = Math.max(...values);
  const span = Math.max(1, high - low);
  const step = series.points.length > 1 ? (WIDTH - PAD.left - PAD.right) / (series.points.length - 1) : 0;
  const x = (i: number) => PAD.left + i * step;
  const y = (v: number) => PAD.top + (1 - (v - low) / span) * (HEIGHT - PAD.top - PAD.bottom);
  const first = series.points[0]!;
  const last = series.points.at(-1)!;
  const name = `${series.accountName} on ${PLATFORM_LABELS[series.platform]}`;
  return (
    <svg
      className="followers-chart"
      role="img"
      aria-label={`Followers of ${name}: ${count(first.followers)} on ${formatDay(first.day)}, ${count(last.followers)} on ${formatDay(last.day)}`}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      width={WIDTH}
      height={HEIGHT}
    >
      <text x={PAD.left} y={12} className="followers-chart-title">
        {name}
      </text>
      <polyline points={series.points.map((p, i) => `${x(i)},${y(p.followers)}`).join(' ')} className="post-numbers-line" />
      <text x={x(0)} y={HEIGHT - 4}>
        {count(first.followers)} ({formatDay(first.day)})
      </text>
      <text x={x(series.points.length - 1)} y={HEIGHT - 4} textAnchor="end">
        {count(last.followers)} ({formatDay(last.day)})
      </text>
    </svg>
  );
}
