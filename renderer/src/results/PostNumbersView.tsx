import { PLATFORM_LABELS } from '@shared/domain/platform';
import type { PostNumbers } from '@shared/ipc/results-channels';
import { METRIC_LABELS, METRIC_SOURCES, type Metric } from '@shared/results/metric-sources';
import { QueryState } from '../data/QueryState';
import { useIpcQuery } from '../data/use-ipc-query';
import { formatWhen } from '../format/dates';
import { chartedMetric, numberColumns, timeAfterPublishing } from './post-numbers-view';

const STATUS: Record<PostNumbers['status'], (network: string) => string> = {
  waiting: (network) => `Not read yet: AgencyIQ first reads ${network}’s numbers about an hour after publishing.`,
  collecting: () => 'Read about 1 hour, 1 day, 3 days and 7 days after publishing, then weekly until 90 days.',
  done: () => 'All reads are done (90 days after publishing).',
  off: () => 'X numbers are read only when you turn it on in Settings → Results (X charges for each read).',
  not_permitted: (network) => `${network} does not let this sign-in read the post’s numbers, so they are not available.`,
  gone: (network) => `${network} no longer has this post, so no more numbers can be read.`,
};

const figure = (value: number | undefined) => (value === undefined ? 'not available' : value.toLocaleString('en-AU'));

/** One published post's numbers over time, from its Publishing entry: a labelled chart, the table, and where each number comes from. */
export function PostNumbersView({ targetId, zone }: { targetId: string; zone: string }) {
  const query = useIpcQuery('results.post', { targetId });
  return (
    <div className="post-numbers">
      <QueryState query={query} loading="Loading the numbers…" action="load this post’s numbers">
        {(numbers) => <PostNumbersContent numbers={numbers} zone={zone} />}
      </QueryState>
    </div>
  );
}

function PostNumbersContent({ numbers, zone }: { numbers: PostNumbers; zone: string }) {
  const network = PLATFORM_LABELS[numbers.platform];
  const source = METRIC_SOURCES[numbers.platform];
  const columns = numberColumns(numbers);
  const charted = chartedMetric(numbers, columns);
  return (
    <>
      <p className="hint">
        {STATUS[numbers.status](network)}
        {numbers.nextReadAt !== null && ` Next read: ${formatWhen(numbers.nextReadAt, zone)}.`}
      </p>
      {numbers.snapshots.length > 0 && (
        <>
          {charted !== null && <NumbersChart numbers={numbers} metric={charted} />}
          <table className="results-table post-numbers-table">
            <caption>{network} numbers at each read (“not available”: the network gave none)</caption>
            <thead>
              <tr>
                <th scope="col">Read</th>
                {columns.map((metric) => (
                  <th scope="col" key={metric}>
                    {METRIC_LABELS[metric]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {numbers.snapshots.map((snapshot) => (
                <tr key={snapshot.collectedAt}>
                  <th scope="row">
                    {timeAfterPublishing(numbers.publishedAt, snapshot.collectedAt)}
                    <span className="hint post-numbers-read-time"> ({formatWhen(snapshot.collectedAt, zone)})</span>
                  </th>
                  {columns.map((metric) => (
                    <td key={metric}>{figure(snapshot.values[metric])}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <details className="post-numbers-source">
        <summary>Where these numbers come from</summary>
        <p>{source.summary}</p>
        {columns.length > 0 && (
          <dl>
            {columns.map((metric) => (
              <div key={metric}>
                <dt>{METRIC_LABELS[metric]}</dt>
                <dd>{source.fields[metric] ?? `Not given by ${network}: shown as “not available”.`}</dd>
              </div>
            ))}
          </dl>
        )}
      </details>
    </>
  );
}

const WIDTH = 420;
const HEIGHT = 120;
const PAD = { left: 12, right: 40, top: 22, bottom: 26 };

/** One number over the reads: points joined by a line, each labelled with its value and its time after publishing (no colour needed). */
function NumbersChart({ numbers, metric }: { numbers: PostNumbers; metric: Metric }) {
  const points = numbers.snapshots.flatMap((snapshot) => {
    const value = snapshot.values[metric];
    return value === undefined ? [] : [{ at: snapshot.collectedAt, value }];
  });
  const first = numbers.publishedAt;
  const last = Math.max(first + 1, ...points.map((p) => p.at));
  const top = Math.max(1, ...points.map((p) => p.value));
  const x = (at: number) => PAD.left + ((at - first) / (last - first)) * (WIDTH - PAD.left - PAD.right);
  const y = (value: number) => PAD.top + (1 - value / top) * (HEIGHT - PAD.top - PAD.bottom);
  const label = `${METRIC_LABELS[metric]} over time: ${points.map((p) => `${figure(p.value)} ${timeAfterPublishing(first, p.at)} publishing`).join(', ')}`;
  return (
    <svg className="post-numbers-chart" role="img" aria-label={label} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width={WIDTH} height={HEIGHT}>
      <text x={PAD.left} y={12} className="post-numbers-chart-title">
        {METRIC_LABELS[metric]}
      </text>
      <line x1={PAD.left} x2={WIDTH - PAD.right} y1={HEIGHT - PAD.bottom} y2={HEIGHT - PAD.bottom} className="post-numbers-axis" />
      <polyline points={points.map((p) => `${x(p.at)},${y(p.value)}`).join(' ')} className="post-numbers-line" />
      {points.map((p) => (
        <g key={p.at}>
          <circle cx={x(p.at)} cy={y(p.value)} r={3.5} className="post-numbers-point" />
          <text x={x(p.at)} y={y(p.value) - 7} textAnchor="middle">
            {figure(p.value)}
          </text>
          <text x={x(p.at)} y={HEIGHT - 8} textAnchor="middle" className="post-numbers-tick">
            {timeAfterPublishing(first, p.at).replace(' after', '')}
          </text>
        </g>
      ))}
    </svg>
  );
}
