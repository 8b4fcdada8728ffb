import {
  DEEP_LINK_OAUTH_PLATFORMS,
  type DeepLinkAction,
  type DeepLinkOAuthPlatform,
  type DeepLinkParseResult,
  type DeepLinkRejection,
} from './deep-link-action';

/** The scheme registered with the OS; links must use exactly this spelling. */
export const DEEP_LINK_SCHEME = 'agencyiq';

/** Longer than any link we issue by a wide margin; anything bigger is an attack or a bug. */
export const MAX_DEEP_LINK_LENGTH = 2048;

const PREFIX = `${DEEP_LINK_SCHEME}://`;
// An OAuth answer carries code/error, state, iss and whatever else the provider adds (Google adds
// scope, authuser, hd, prompt): room for those, not for a flood.
const MAX_PARAMETERS = 16;
/** A parameter an OAuth answer may carry that the app ignores (RFC 6749 §4.1.2) is still bounded. */
const MAX_IGNORED_VALUE_LENGTH = 1024;

// Everything a link may carry is printable ASCII: providers percent-encode the rest. Refusing
// whitespace, control characters and non-ASCII up front removes every Unicode look-alike,
// bidi override and CR/LF trick before any other rule has to think about them.
const PRINTABLE_ASCII = /^[\x21-\x7e]*$/;
const PATH_SEGMENT = /^[a-z0-9-]{1,64}$/;
const PARAMETER_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

/** Values are checked after percent-decoding, so a `%` left over means double encoding: refused. */
const VALUE_PATTERNS = {
  // OAuth authorization codes are opaque; these are the characters providers use (RFC 6749 VSCHAR subset).
  code: /^[A-Za-z0-9\-._~/+=]{1,1024}$/,
  // We generate state as base64url; anything else was not made by us.
  state: /^[A-Za-z0-9_-]{16,256}$/,
  error: /^[A-Za-z0-9_.-]{1,64}$/,
  // RFC 6749 §4.1.2.1: error_description excludes `"` and `\`.
  error_description: /^[\x20\x21\x23-\x5b\x5d-\x7e]{0,500}$/,
  error_uri: /^[\x21\x23-\x5b\x5d-\x7e]{1,500}$/,
  // RFC 9207: the authorization server's issuer identifier, an http(s) URL without query or fragment.
  iss: /^https?:\/\/[\x21\x24-\x3e\x40-\x5b\x5d-\x7e]{1,500}$/,
  handoff: /^[A-Za-z0-9_-]{16,128}$/,
  // Stripe substitutes {CHECKOUT_SESSION_ID} into the success URL.
  session_id: /^cs_(?:test|live)_[A-Za-z0-9]{1,255}$/,
} as const;
type ParameterName = keyof typeof VALUE_PATTERNS;

/** crypto.randomUUID() output: lowercase, RFC 9562 variant. */
const DRAFT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

class Rejected {
  constructor(readonly reason: DeepLinkRejection) {}
}

type Parameters = ReadonlyMap<string, string>;

/**
 * Parses an `agencyiq://` link from the OS (argv, `second-instance`, `open-url`) into the action
 * it asks for. Pure and total: any input, however hostile, yields an action or a reason.
 *
 * The grammar is deliberately narrow — exact lowercase scheme, a known host, plain path segments,
 * each query parameter at most once, values matching a per-parameter pattern — because the
 * link is written by whoever can get the owner to click something. The one exception: an OAuth
 * answer's parameters the app does not use are ignored, as RFC 6749 requires.
 */
export function parseAppUrl(raw: unknown): DeepLinkParseResult {
  try {
    return { ok: true, action: parseOrThrow(raw) };
  } catch (error) {
    if (error instanceof Rejected) return { ok: false, reason: error.reason };
    throw error;
  }
}

function parseOrThrow(raw: unknown): DeepLinkAction {
  if (typeof raw !== 'string') throw new Rejected('not_a_string');
  if (raw.length > MAX_DEEP_LINK_LENGTH) throw new Rejected('too_long');
  if (!PRINTABLE_ASCII.test(raw)) throw new Rejected('illegal_characters');
  if (!raw.startsWith(PREFIX)) throw new Rejected('wrong_scheme');

  const rest = raw.slice(PREFIX.length);
  // OAuth code flow never uses the fragment; a fragment here is someone else's idea.
  if (rest.includes('#')) throw new Rejected('fragment');

  const queryStart = rest.indexOf('?');
  const beforeQuery = queryStart === -1 ? rest : rest.slice(0, queryStart);
  const query = queryStart === -1 ? '' : rest.slice(queryStart + 1);
  const pathStart = beforeQuery.indexOf('/');
  const host = pathStart === -1 ? beforeQuery : beforeQuery.slice(0, pathStart);
  const path = pathStart === -1 ? '' : beforeQuery.slice(pathStart);

  if (host.includes('@')) throw new Rejected('credentials');
  if (host.includes(':')) throw new Rejected('port');

  const segments = parsePath(path);
  const parameters = parseQuery(query);

  switch (host) {
    case 'oauth':
      return parseOAuth(segments, parameters);
    case 'licence':
      return parseLicence(segments, parameters);
    case 'compose':
      expectSegments(segments, 0);
      readParameters(parameters, {});
      return { kind: 'open-compose' };
    case 'drafts': {
      const [id] = expectSegments(segments, 1);
      readParameters(parameters, {});
      if (!DRAFT_ID.test(id)) throw new Rejected('invalid_parameter');
      return { kind: 'open-draft', id };
    }
    default:
      throw new Rejected('unknown_host');
  }
}

/** "" and "/" are the root; one trailing slash is tolerated; empty, dot and encoded segments are not. */
function parsePath(path: string): string[] {
  if (path === '' || path === '/') return [];
  const trimmed = path.endsWith('/') ? path.slice(1, -1) : path.slice(1);
  const segments = trimmed.split('/');
  if (!segments.every((segment) => PATH_SEGMENT.test(segment))) throw new Rejected('malformed_path');
  return segments;
}

/** `application/x-www-form-urlencoded`, as browsers write it, but with duplicates refused. */
function parseQuery(query: string): Parameters {
  const parameters = new Map<string, string>();
  if (query === '') return parameters;
  const pairs = query.split('&');
  if (pairs.length > MAX_PARAMETERS) throw new Rejected('malformed_query');
  for (const pair of pairs) {
    const equals = pair.indexOf('=');
    if (equals <= 0) throw new Rejected('malformed_query');
    const name = pair.slice(0, equals);
    if (!PARAMETER_NAME.test(name)) throw new Rejected('malformed_query');
    // A second `code` or `state` is the classic parameter-pollution trick: which one wins
    // depends on who parses it, so neither does.
    if (parameters.has(name)) throw new Rejected('duplicate_parameter');
    let value: string;
    try {
      value = decodeURIComponent(pair.slice(equals + 1).replace(/\+/g, ' '));
    } catch {
      throw new Rejected('malformed_query');
    }
    parameters.set(name, value);
  }
  return parameters;
}

function expectSegments<N extends 0 | 1>(segments: string[], count: N): N extends 1 ? [string] : [] {
  if (segments.length !== count) throw new Rejected('unknown_path');
  return segments as N extends 1 ? [string] : [];
}

type ParameterSpec = Partial<Record<ParameterName, 'required' | 'optional'>>;

/**
 * Refuses missing parameters and values outside their pattern. Unknown parameters are refused,
 * except in an OAuth authorization response, where RFC 6749 §4.1.2 says the client MUST ignore
 * the ones it does not recognise (they are still bounded in number and size).
 */
function readParameters(
  parameters: Parameters,
  spec: ParameterSpec,
  unknown: 'refuse' | 'ignore' = 'refuse',
): Partial<Record<ParameterName, string>> {
  const values: Partial<Record<ParameterName, string>> = {};
  for (const [name, value] of parameters) {
    if (!Object.hasOwn(spec, name)) {
      if (unknown === 'refuse') throw new Rejected('unknown_parameter');
      if (value.length > MAX_IGNORED_VALUE_LENGTH) throw new Rejected('invalid_parameter');
      continue;
    }
    const known = name as ParameterName;
    if (!VALUE_PATTERNS[known].test(value)) throw new Rejected('invalid_parameter');
    values[known] = value;
  }
  for (const [name, need] of Object.entries(spec)) {
    if (need === 'required' && values[name as ParameterName] === undefined) throw new Rejected('missing_parameter');
  }
  return values;
}

function isDeepLinkOAuthPlatform(segment: string): segment is DeepLinkOAuthPlatform {
  return (DEEP_LINK_OAUTH_PLATFORMS as readonly string[]).includes(segment);
}

function parseOAuth(segments: string[], parameters: Parameters): DeepLinkAction {
  const [target] = expectSegments(segments, 1);
  if (target === 'complete') {
    const { handoff } = readParameters(parameters, { handoff: 'required' });
    return { kind: 'oauth-complete', handoff: handoff as string };
  }
  if (!isDeepLinkOAuthPlatform(target)) throw new Rejected('unknown_path');

  if (parameters.has('error')) {
    // RFC 6749 §4.1.2.1: an error response carries no code. Both at once is not a real response.
    if (parameters.has('code')) throw new Rejected('unknown_parameter');
    const values = readParameters(
      parameters,
      {
        error: 'required',
        error_description: 'optional',
        // Accepted so a standard error response is not refused, but never surfaced: it points anywhere.
        error_uri: 'optional',
        state: 'required',
        iss: 'optional',
      },
      'ignore',
    );
    return {
      kind: 'oauth-error',
      platform: target,
      error: values.error as string,
      description: values.error_description ?? null,
      state: values.state as string,
      issuer: values.iss ?? null,
    };
  }
  const values = readParameters(parameters, { code: 'required', state: 'required', iss: 'optional' }, 'ignore');
  return { kind: 'oauth-callback', platform: target, code: values.code as string, state: values.state as string, issuer: values.iss ?? null };
}

function parseLicence(segments: string[], parameters: Parameters): DeepLinkAction {
  const [outcome] = expectSegments(segments, 1);
  switch (outcome) {
    case 'success': {
      const { session_id: sessionId } = readParameters(parameters, { session_id: 'optional' });
      return { kind: 'licence-return', outcome, sessionId: sessionId ?? null };
    }
    case 'cancelled':
    case 'portal':
      readParameters(parameters, {});
      return { kind: 'licence-return', outcome, sessionId: null };
    default:
      throw new Rejected('unknown_path');
  }
}
