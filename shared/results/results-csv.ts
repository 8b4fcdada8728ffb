import { PLATFORM_LABELS } from '../domain/platform';
import type { ResultsOverview } from '../ipc/results-channels';

/** One CSV field: quoted when it holds a comma, quote or line break; a leading = + - @ is defused (spreadsheet formulas). */
function field(value: string | number | null): string {
  if (value === null) return 'not available';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The period's numbers as CSV: one row per network, then the top posts. Numbers a network did not give say "not available". */
export function resultsCsv(overview: ResultsOverview, formatInstant: (ms: number) => string): string {
  const rows: Array<Array<string | number | null>> = [['network', 'posts published', 'posts with numbers', 'impressions', 'engagements', 'engagement rate %']];
  for (const n of overview.networks) {
    rows.push([PLATFORM_LABELS[n.platform], n.postsPublished, n.postsWithNumbers, n.impressions, n.engagements, n.engagementRate === null ? null : Number((n.engagementRate * 100).toFixed(2))]);
  }
  rows.push([]);
  rows.push(['top post', 'network', 'published', 'impressions', 'engagements', 'link']);
  for (const post of overview.topPosts) rows.push([post.excerpt, PLATFORM_LABELS[post.platform], formatInstant(post.publishedAt), post.impressions, post.engagements, post.url ?? '']);
  return rows.map((row) => row.map(field).join(',')).join('\r\n') + '\r\n';
}
