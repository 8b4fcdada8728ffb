/** "812 KB", "3.4 MB". */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

const count = (n: number, one: string, many: string) => `${n.toLocaleString('en-AU')} ${n === 1 ? one : many}`;

/** "12 posts, 3 drafts" ("1 draft": a part that is none is left out), or null when the copy could not be read. */
export function describeBackupContents(contents: { posts: number; drafts: number } | null): string | null {
  if (contents === null) return null;
  const parts = [
    contents.posts > 0 ? count(contents.posts, 'post', 'posts') : null,
    contents.drafts > 0 ? count(contents.drafts, 'draft', 'drafts') : null,
  ].filter((part) => part !== null);
  return parts.length === 0 ? 'No posts or drafts yet' : parts.join(', ');
}
