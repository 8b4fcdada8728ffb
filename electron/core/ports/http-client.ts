/**
 * One HTTP request as the core makes it. The client never follows redirects and never puts the
 * token anywhere but the Authorization header.
 */
export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Absolute http(s) URL. Never carries a token (proxies and logs keep URLs). */
  url: string;
  /** Extra headers; names are sent as given. Do not pass Authorization here: use `bearerToken`. */
  headers?: Readonly<Record<string, string>>;
  /** A string or bytes in memory, or a body streamed from its parts (files read from disk as they are sent). */
  body?: string | Uint8Array | StreamedBody;
  /** Called as body bytes are handed to the connection (a progress bar; never for decisions). */
  onBodyProgress?: (sentBytes: number) => void;
  /** Sent as `Authorization: Bearer <token>` and nowhere else. */
  bearerToken?: string;
  /** Gives up after this long (the whole exchange, answer included); default: the client's. */
  timeoutMs?: number;
  /** Aborting after the request left makes it a `no_answer`, before that a `not_sent`. */
  signal?: AbortSignal;
}

/**
 * A body sent piece by piece, in order: bytes in memory (a multipart boundary, a form field) and
 * ranges of files, read from disk as the connection takes them, so a 1 GB video never sits in
 * memory. Its length is known up front (sent as Content-Length). A file that is missing or shorter
 * than its range is found before anything is sent (`not_sent`, `bad_request`).
 */
export interface StreamedBody {
  parts: readonly BodyPart[];
}

export type BodyPart = Uint8Array | FileRange;

/** `length` bytes of `file` from byte `start`. */
export interface FileRange {
  file: string;
  start: number;
  length: number;
}

/** The bytes a body will send. */
export function bodyLength(body: StreamedBody): number {
  return body.parts.reduce((sum, part) => sum + (part instanceof Uint8Array ? part.byteLength : part.length), 0);
}

/** Response headers, names in lower case; repeated headers joined with ", ". */
export type HttpHeaders = Readonly<Record<string, string>>;

/**
 * What came of a request. The split between `not_sent` and `no_answer` is the point of this
 * port: publishing may retry the first (no byte reached the server, so nothing was created) and
 * must never retry the second (the server may have acted on it).
 */
export type HttpResult =
  | {
      kind: 'response';
      status: number;
      headers: HttpHeaders;
      /** The body as UTF-8 text; null when it could not be read whole (reset mid-body, too large). */
      body: string | null;
      /**
       * Why `body` is null: larger than the client reads, or cut off (reset, timeout, cancel).
       * Callers that treat "too large" as a bad answer and "cut off" as a network failure need it.
       */
      bodyLost?: 'too_large' | 'interrupted';
    }
  | {
      /** No byte of the request was written to a connection: DNS, refused, unreachable, TLS. */
      kind: 'not_sent';
      reason: 'dns' | 'refused' | 'unreachable' | 'tls' | 'timeout' | 'aborted' | 'bad_request';
      message: string;
    }
  | {
      /** The request was (at least partly) written and no status line came back. */
      kind: 'no_answer';
      reason: 'timeout' | 'reset' | 'aborted';
      message: string;
    };

/** The core's way to talk HTTP; `createNodeHttpClient` backs it, tests may pass their own. */
export interface HttpClient {
  /** Never rejects: every network outcome is an `HttpResult`. */
  send(request: HttpRequest): Promise<HttpResult>;
}
