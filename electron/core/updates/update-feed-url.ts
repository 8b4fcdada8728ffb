const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

function feedUrlProblem(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'it is not a URL.';
  }
  if (!(url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)))) {
    return 'the update feed must be an https URL (plain http only on this computer, for testing).';
  }
  if (url.username !== '' || url.password !== '') return 'the update feed URL must not carry credentials.';
  return null;
}

/** Thrown for an update feed URL that is set but unusable; the message says what to fix. */
export class UpdateFeedUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UpdateFeedUrlError';
  }
}

/**
 * `AGENCYIQ_UPDATE_URL` at run time: overrides the feed baked into the installer (from the same
 * variable at build time, see electron-builder.yml), e.g. to try a staging feed. Unset or blank:
 * null, and the installer's feed is used.
 */
export function parseUpdateFeedUrl(env: Readonly<Record<string, string | undefined>>): string | null {
  const raw = env.AGENCYIQ_UPDATE_URL?.trim();
  if (raw === undefined || raw === '') return null;
  const problem = feedUrlProblem(raw);
  if (problem !== null) throw new UpdateFeedUrlError(`AGENCYIQ_UPDATE_URL is not usable: ${problem}`);
  return new URL(raw).href;
}
