import { createHash, type Hash } from 'node:crypto';
import type { FakeAnswer } from './fake-publish-server';

/** A video a Page published (its upload finished). */
export interface FakeFacebookVideo {
  id: string;
  pageId: string;
  description: string | null;
  published: boolean;
  bytes: number;
  sha256: string;
}

interface Session {
  id: string;
  videoId: string;
  pageId: string;
  fileSize: number;
  received: number;
  hash: Hash;
  finished: boolean;
}

/** Meta's resumable upload takes up to 10 GB; under 1 KB is "too small" (Video API error codes). */
const MAX_BYTES = 10 * 1024 * 1024 * 1024;
const MIN_BYTES = 1024;

/** What the Graph fake hands over for one `POST /{page-id}/videos`. */
export interface VideoRequest {
  pageId: string;
  params: Record<string, unknown>;
  /** The `video_file_chunk` file part, if any. */
  chunk: Buffer | null;
  bearer: string;
}

/**
 * The Page videos edge's resumable upload (Graph "Uploading Videos" / Page Videos reference, and
 * the Video API error codes), strict, for `FakeFacebookGraph`:
 * - `upload_phase=start` + `file_size` (1 KB–10 GB) → `{upload_session_id, video_id, start_offset,
 *   end_offset}` (offsets as strings of digits, as Meta sends them); the fake asks for `chunkBytes` at a time.
 * - `upload_phase=transfer` + `upload_session_id` + `start_offset` + multipart `video_file_chunk`:
 *   the session must be this Page's; a start offset that is not what the session holds is refused
 *   with subcode 1363037 and the offsets it wants in `error_data`; the chunk must be exactly the
 *   range asked (longer or shorter is a violation); the first chunk must start like an MP4/MOV
 *   (`ftyp`), else 1363031 "No Video Detected" → the next `{start_offset, end_offset}`, equal once
 *   every byte is there.
 * - `upload_phase=finish` + `upload_session_id` (+ `description`, `published`) → `{success: true}`
 *   and the video is published; a finish before every byte arrived is refused AND counted in
 *   `refusedFinishes` (a test expects it empty); a second finish is a violation.
 * Scripted: a connection dropped at the n-th transfer (the chunk kept or not), the token refused
 * (190) at the n-th transfer, the finish's answer lost (the video is published first).
 */
export class FakeFacebookVideos {
  readonly sessions = new Map<string, Session>();
  readonly videos: FakeFacebookVideo[] = [];
  /** Finishes refused because bytes were missing (a client must never send one). */
  readonly refusedFinishes: string[] = [];
  /** Requests a correct client never makes (another Page's or an unknown session, a wrong-sized chunk, a second finish). */
  readonly violations: string[] = [];
  /** Every phase as it arrived: its name, the start offset it carried, and what the fake did. */
  readonly log: Array<{ phase: string; startOffset: number | null; answer: number | 'dropped' }> = [];
  #transfers = 0;
  #drop: { at: number; taken: boolean } | null = null;
  #refuseTokenAt: number | null = null;
  #loseFinish = false;
  #nextId = 3_000_000_000_000_001n;

  constructor(
    private readonly options: {
      /** Bytes the fake asks for per transfer. */
      chunkBytes: number;
      /** Marks a token refused from now on (the Graph fake's `revoke`). */
      revoke: (token: string) => void;
      error: (status: number, code: number, message: string, subcode?: number, data?: unknown) => FakeAnswer;
    },
  ) {}

  /** The `transfer`-th transfer (0-based, counted over the fake's life) drops its connection; `taken`: after the fake kept the chunk. */
  dropConnectionAtTransfer(transfer: number, taken: boolean): this {
    this.#drop = { at: transfer, taken };
    return this;
  }

  /** The `transfer`-th transfer finds its token refused (190), and so does every later request with it. */
  refuseTokenAtTransfer(transfer: number): this {
    this.#refuseTokenAt = transfer;
    return this;
  }

  /** The next finish publishes the video, then its connection is cut before the answer. */
  loseFinishAnswer(): this {
    this.#loseFinish = true;
    return this;
  }

  /** Transfers received so far (the index the next one gets). */
  get transfers(): number {
    return this.#transfers;
  }

  handle(request: VideoRequest): FakeAnswer {
    const phase = request.params.upload_phase;
    const startOffset = typeof request.params.start_offset === 'string' && /^\d+$/.test(request.params.start_offset) ? Number(request.params.start_offset) : null;
    const entry: (typeof this.log)[number] = { phase: typeof phase === 'string' ? phase : '(none)', startOffset, answer: 0 };
    this.log.push(entry);
    const answer = phase === 'start' ? this.#start(request) : phase === 'transfer' ? this.#transfer(request, startOffset) : phase === 'finish' ? this.#finish(request) : this.#violation('a /videos request without upload_phase start|transfer|finish');
    entry.answer = answer.dropConnection === true ? 'dropped' : answer.status;
    return answer;
  }

  #start({ pageId, params }: VideoRequest): FakeAnswer {
    const size = typeof params.file_size === 'string' && /^\d+$/.test(params.file_size) ? Number(params.file_size) : NaN;
    if (!Number.isSafeInteger(size)) return this.#violation(`start without a usable file_size (${String(params.file_size)})`);
    if (size < MIN_BYTES) return this.options.error(400, 6000, 'The video you tried to upload is too small. The minimum size for a video is 1 KB.', 1363022);
    if (size > MAX_BYTES) return this.options.error(400, 6000, 'The video you tried to upload is too large.', 1363023);
    const session: Session = { id: String(this.#nextId++), videoId: String(this.#nextId++), pageId, fileSize: size, received: 0, hash: createHash('sha256'), finished: false };
    this.sessions.set(session.id, session);
    return { status: 200, body: { upload_session_id: session.id, video_id: session.videoId, ...this.#asked(session) } };
  }

  #transfer({ pageId, params, chunk, bearer }: VideoRequest, startOffset: number | null): FakeAnswer {
    const index = this.#transfers++;
    if (this.#refuseTokenAt === index) {
      this.#refuseTokenAt = null;
      this.options.revoke(bearer);
      return this.options.error(400, 190, 'Error validating access token: Session has expired.', 463);
    }
    const session = this.#session(pageId, params.upload_session_id);
    if (typeof session === 'string') return this.#violation(session);
    if (session.finished) return this.#violation(`transfer to finished session ${session.id}`);
    if (chunk === null) return this.options.error(400, 6000, 'No Video Selected. Please select the video you want to upload.', 1363020);
    if (startOffset !== session.received) {
      // Not a violation: after a lost answer a client re-sends, and Meta names what it holds.
      return this.options.error(400, 6001, 'There was a problem uploading your video. Please try uploading it again.', 1363037, this.#asked(session));
    }
    const { end_offset: end } = this.#asked(session);
    const asked = Number(end) - session.received;
    if (chunk.byteLength !== asked) return this.#violation(`chunk of ${chunk.byteLength} bytes at ${startOffset}; ${asked} were asked for`);
    if (session.received === 0 && chunk.subarray(4, 8).toString('latin1') !== 'ftyp') {
      return this.options.error(400, 6000, 'No Video Detected. It looks like you are uploading a file that is not a video.', 1363031);
    }
    const drop = this.#drop !== null && this.#drop.at === index ? this.#drop : null;
    if (drop !== null) this.#drop = null;
    if (drop === null || drop.taken) {
      session.hash.update(chunk);
      session.received += chunk.byteLength;
    }
    if (drop !== null) return { status: 0, dropConnection: true };
    return { status: 200, body: this.#asked(session) };
  }

  #finish({ pageId, params }: VideoRequest): FakeAnswer {
    const session = this.#session(pageId, params.upload_session_id);
    if (typeof session === 'string') return this.#violation(session);
    if (session.finished) return this.#violation(`second finish of session ${session.id}`);
    if (session.received < session.fileSize) {
      this.refusedFinishes.push(`finish of ${session.id} with ${session.received} of ${session.fileSize} bytes`);
      return this.options.error(400, 6000, 'There was a problem uploading your video file. Please try again.', 1363019);
    }
    session.finished = true;
    this.videos.push({
      id: session.videoId,
      pageId,
      description: typeof params.description === 'string' ? params.description : null,
      published: params.published !== 'false' && params.published !== false,
      bytes: session.received,
      sha256: session.hash.copy().digest('hex'),
    });
    if (this.#loseFinish) {
      this.#loseFinish = false;
      return { status: 0, dropConnection: true };
    }
    return { status: 200, body: { success: true } };
  }

  #session(pageId: string, id: unknown): Session | string {
    const session = typeof id === 'string' ? this.sessions.get(id) : undefined;
    if (session === undefined) return `unknown upload_session_id ${String(id)}`;
    if (session.pageId !== pageId) return `session ${session.id} of Page ${session.pageId} used on Page ${pageId}`;
    return session;
  }

  /** The range the session wants next, as Meta writes it. */
  #asked(session: Session): { start_offset: string; end_offset: string } {
    return { start_offset: String(session.received), end_offset: String(Math.min(session.fileSize, session.received + this.options.chunkBytes)) };
  }

  #violation(what: string): FakeAnswer {
    this.violations.push(what);
    return this.options.error(400, 100, `(#100) ${what}`);
  }
}
