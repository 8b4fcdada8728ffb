const MAX_NOTES_LENGTH = 4_000;

/**
 * Release notes as plain text. Feeds may carry HTML or a list of notes per version; the
 * renderer shows text only (never markup from the network), so tags are dropped here, the
 * common entities decoded, blank runs collapsed and the result capped.
 */
export function releaseNotesText(notes: unknown): string | null {
  let raw: string;
  if (typeof notes === 'string') raw = notes;
  else if (Array.isArray(notes)) {
    raw = notes
      .map((entry: unknown) => (entry !== null && typeof entry === 'object' && 'note' in entry ? (entry as { note: unknown }).note : null))
      .filter((note): note is string => typeof note === 'string')
      .join('\n\n');
  } else return null;
  const text = raw
    .replace(/<\s*(br|\/p|\/li|\/h[1-6])\s*\/?>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  if (text === '') return null;
  return text.length > MAX_NOTES_LENGTH ? `${text.slice(0, MAX_NOTES_LENGTH - 1)}…` : text;
}
