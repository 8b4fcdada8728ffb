/**
 * Turns what the owner typed into the search box into an FTS5 MATCH expression.
 * Every word becomes a quoted prefix term, so FTS syntax characters (quotes, `*`, `-`, `:`,
 * NEAR, AND/OR) are searched as text and can never make the query fail. Returns null when
 * nothing searchable is left.
 */
export function toFtsMatch(input: string): string | null {
  const words = input
    .normalize('NFC')
    .split(/[^\p{L}\p{N}_]+/u)
    .filter((word) => word.length > 0)
    .slice(0, 12);
  if (words.length === 0) return null;
  return words.map((word) => `"${word.replaceAll('"', '""')}"*`).join(' ');
}
