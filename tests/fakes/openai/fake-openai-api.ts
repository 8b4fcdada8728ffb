import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A strict local stand-in for an OpenAI-compatible endpoint (OpenAI's hosted API, or Ollama /
 * LM Studio / llama.cpp's server on the owner's computer): `POST /v1/chat/completions` with and
 * without `stream: true`, `GET /v1/models`. It refuses what the real service refuses, in OpenAI's
 * error body shape `{error:{message,type,param,code}}`: a wrong or missing key (401,
 * `invalid_api_key`) when it is configured with one, an unknown model (404, `model_not_found`),
 * a malformed body or `response_format` (400). Tests script each answer in turn: content, a 429
 * with Retry-After, a 500, a stream cut part-way, or a stream held open until released.
 */

/** One scripted answer, used by the next chat completion request (FIFO); default: `{content: 'Hello'}`. */
export type ScriptedReply =
  | {
    content: string;
    /** Characters per streamed chunk; default 8. */
    chunkSize?: number;
    /** Streams at this pace (chunks leave on a fixed schedule from the first); default: as fast as it can. */
    charsPerSecond?: number;
  }
  /** Streams `content`, sends the first `afterChunks` chunks, then holds the stream open until `release()`. */
  | { content: string; chunkSize?: number; holdAfterChunks: number }
  /** Streams the first `afterChunks` chunks of `content`, then destroys the connection. */
  | { content: string; chunkSize?: number; cutAfterChunks: number }
  /** Never answers (no status line) until the client gives up or `release()`. */
  | { hang: true }
  | { status: 429; retryAfter?: string }
  | { status: 500 };

export interface RecordedRequest {
  method: string;
  path: string;
  /** The parsed JSON body (POST only). */
  body: unknown;
  /** The bearer key the request carried, if any (non-enumerable: a test printing a request never shows it). */
  readonly bearer?: string;
}

/** When one streamed answer's content left the fake (performance.now() of this process, ms). */
export interface StreamTiming {
  /** The request's first byte arrived. */
  receivedAt: number;
  firstContentAt: number;
  lastContentAt: number;
  chars: number;
}

export interface FakeOpenAiOptions {
  /** Hosted mode: every request must carry `Authorization: Bearer <apiKey>`. Null: a local server that needs none. */
  apiKey: string | null;
  /** The models the endpoint serves; default `['gpt-test', 'gpt-test-mini']`. */
  models?: readonly string[];
  /** Models that take text only: a request with a picture for one of them is refused (400), as OpenAI does. */
  textOnlyModels?: readonly string[];
}

const ROLES = new Set(['system', 'developer', 'user', 'assistant', 'tool']);
const SCHEMA_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

export class FakeOpenAiApi {
  readonly #server = http.createServer((req, res) => void this.#handle(req, res));
  readonly #apiKey: string | null;
  readonly #models: readonly string[];
  readonly #textOnly: ReadonlySet<string>;
  readonly #requests: RecordedRequest[] = [];
  readonly #script: ScriptedReply[] = [];
  readonly #held = new Set<() => void>();
  readonly #timings: StreamTiming[] = [];
  #url = '';

  constructor(options: FakeOpenAiOptions) {
    this.#apiKey = options.apiKey;
    this.#models = options.models ?? ['gpt-test', 'gpt-test-mini'];
    this.#textOnly = new Set(options.textOnlyModels ?? []);
  }

  /** The base URL the SDK takes, `http://127.0.0.1:<port>/v1`. */
  get baseUrl(): string {
    return `${this.#url}/v1`;
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.#url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.release();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /** Queues answers for the next chat completion requests, in order. */
  script(...replies: ScriptedReply[]): void {
    this.#script.push(...replies);
  }

  /** Lets every held stream finish. */
  release(): void {
    for (const go of [...this.#held]) go();
    this.#held.clear();
  }

  /** Resolves once a stream is held (it sent its chunks before the hold). */
  async waitUntilHeld(): Promise<void> {
    while (this.#held.size === 0) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  requests(): readonly RecordedRequest[] {
    return [...this.#requests];
  }

  /** Each finished stream's timing, in order: the fake's own time to first token and pace. */
  streamTimings(): readonly StreamTiming[] {
    return [...this.#timings];
  }

  chatRequests(): readonly RecordedRequest[] {
    return this.#requests.filter((request) => request.path === '/v1/chat/completions');
  }

  async #handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const receivedAt = performance.now();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const path = new URL(req.url ?? '/', this.#url).pathname;
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    let body: unknown = undefined;
    if (req.method === 'POST') {
      try {
        body = JSON.parse(raw);
      } catch {
        return sendError(res, 400, 'We could not parse the JSON body of your request.', 'invalid_request_error', null);
      }
    }
    const recorded: RecordedRequest = { method: req.method ?? '', path, body };
    Object.defineProperty(recorded, 'bearer', { value: bearer, enumerable: false });
    this.#requests.push(recorded);

    if (this.#apiKey !== null && bearer !== this.#apiKey) {
      const message = bearer === undefined
        ? "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth."
        : `Incorrect API key provided: ${maskKey(bearer)}. You can find your API key at https://platform.openai.com/account/api-keys.`;
      return sendError(res, 401, message, 'invalid_request_error', bearer === undefined ? null : 'invalid_api_key');
    }
    if (req.method === 'GET' && path === '/v1/models') {
      return sendJson(res, 200, {
        object: 'list',
        data: this.#models.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'agencyiq-fake' })),
      });
    }
    if (req.method === 'POST' && path === '/v1/chat/completions') return this.#chat(body, res, receivedAt);
    return sendError(res, 404, `Invalid URL (${req.method} ${path})`, 'invalid_request_error', null);
  }

  async #chat(body: unknown, res: http.ServerResponse, receivedAt: number): Promise<void> {
    const problem = chatRequestProblem(body);
    if (problem !== null) return sendError(res, 400, problem.message, 'invalid_request_error', problem.code, problem.param);
    const request = body as { model: string; stream?: boolean };
    if (!this.#models.includes(request.model)) {
      return sendError(res, 404, `The model \`${request.model}\` does not exist or you do not have access to it.`, 'invalid_request_error', 'model_not_found');
    }
    const picture = firstPicture(body as { messages: unknown[] });
    if (picture !== null && this.#textOnly.has(request.model)) {
      return sendError(res, 400, 'Invalid content type. image_url is only supported by certain models.', 'invalid_request_error', null, `messages.[${picture.message}].content.[${picture.part}].type`);
    }
    const reply = this.#script.shift() ?? { content: 'Hello' };
    if ('hang' in reply) {
      await new Promise<void>((resolve) => {
        this.#held.add(resolve);
        res.once('close', resolve);
      });
      return void res.destroy();
    }
    if ('status' in reply) {
      if (reply.status === 429) {
        res.setHeader('retry-after', reply.retryAfter ?? '1');
        return sendError(res, 429, 'Rate limit reached for requests. Please try again in 1s.', 'requests', 'rate_limit_exceeded');
      }
      return sendError(res, 500, 'The server had an error while processing your request. Sorry about that!', 'server_error', null);
    }
    const id = `chatcmpl-fake${this.#requests.length}`;
    const created = Math.floor(Date.now() / 1000);
    if (request.stream !== true) {
      if ('cutAfterChunks' in reply) return void res.destroy();
      return sendJson(res, 200, {
        id,
        object: 'chat.completion',
        created,
        model: request.model,
        choices: [{ index: 0, message: { role: 'assistant', content: reply.content, refusal: null }, logprobs: null, finish_reason: 'stop' }],
        usage: { prompt_tokens: 10, completion_tokens: reply.content.length, total_tokens: 10 + reply.content.length },
      });
    }
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const chunk = (delta: Record<string, unknown>, finish: string | null) =>
      `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: request.model, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] })}\n\n`;
    res.write(chunk({ role: 'assistant', content: '', refusal: null }, null));
    const pieces = splitEvery(reply.content, reply.chunkSize ?? 8);
    const pace = 'charsPerSecond' in reply ? reply.charsPerSecond : undefined;
    const timing: StreamTiming = { receivedAt, firstContentAt: 0, lastContentAt: 0, chars: 0 };
    for (const [index, piece] of pieces.entries()) {
      // Each chunk leaves in its own turn, as a model's tokens do (and a cut comes after them).
      await new Promise((resolve) => setImmediate(resolve));
      if (pace !== undefined && index > 0) {
        // A fixed schedule from the first chunk, so timer slack never slows the pace overall.
        const due = timing.firstContentAt + (timing.chars / pace) * 1000;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
      if ('cutAfterChunks' in reply && index === reply.cutAfterChunks) return void res.destroy();
      if ('holdAfterChunks' in reply && index === reply.holdAfterChunks) {
        await new Promise<void>((resolve) => {
          this.#held.add(resolve);
          res.once('close', resolve);
        });
        if (res.destroyed || res.writableEnded) return;
      }
      res.write(chunk({ content: piece }, null));
      timing.lastContentAt = performance.now();
      if (index === 0) timing.firstContentAt = timing.lastContentAt;
      timing.chars += [...piece].length;
    }
    this.#timings.push(timing);
    res.write(chunk({}, 'stop'));
    res.end('data: [DONE]\n\n');
  }
}

interface Problem {
  message: string;
  code: string | null;
  param: string | null;
}

/** What the real endpoint answers 400 to: no model, no messages, a malformed message or `response_format`. */
function chatRequestProblem(body: unknown): Problem | null {
  if (typeof body !== 'object' || body === null) return { message: 'The body must be a JSON object.', code: null, param: null };
  const request = body as Record<string, unknown>;
  if (typeof request['model'] !== 'string') return { message: 'you must provide a model parameter', code: null, param: null };
  const messages = request['messages'];
  if (!Array.isArray(messages) || messages.length === 0) {
    return { message: "Invalid 'messages': empty array. Expected an array with minimum length 1.", code: 'empty_array', param: 'messages' };
  }
  for (const [index, message] of messages.entries()) {
    const m = message as Record<string, unknown> | null;
    if (typeof m !== 'object' || m === null || !ROLES.has(m['role'] as string)) {
      return { message: `Invalid value for 'messages[${index}]'.`, code: 'invalid_value', param: `messages[${index}]` };
    }
    const problem = contentProblem(m['role'] as string, m['content'], index);
    if (problem !== null) return problem;
  }
  if ('stream' in request && typeof request['stream'] !== 'boolean') {
    return { message: "Invalid type for 'stream': expected a boolean.", code: 'invalid_type', param: 'stream' };
  }
  const format = request['response_format'] as Record<string, unknown> | undefined;
  if (format !== undefined) {
    if (format['type'] === 'json_schema') {
      const schema = format['json_schema'] as Record<string, unknown> | undefined;
      if (typeof schema?.['name'] !== 'string' || !SCHEMA_NAME.test(schema['name'])) {
        return { message: "Invalid 'response_format.json_schema.name'.", code: 'invalid_value', param: 'response_format.json_schema.name' };
      }
      if (typeof schema['schema'] !== 'object' || schema['schema'] === null) {
        return { message: "Missing required parameter: 'response_format.json_schema.schema'.", code: 'missing_required_parameter', param: 'response_format.json_schema.schema' };
      }
      if (schema['strict'] !== undefined && typeof schema['strict'] !== 'boolean') {
        return { message: "Invalid type for 'response_format.json_schema.strict'.", code: 'invalid_type', param: 'response_format.json_schema.strict' };
      }
    } else if (format['type'] !== 'text' && format['type'] !== 'json_object') {
      return { message: "Invalid value for 'response_format.type'.", code: 'invalid_value', param: 'response_format.type' };
    }
  }
  return null;
}

const PICTURE_URL = /^data:image\/(png|jpeg|gif|webp);base64,([A-Za-z0-9+/]+={0,2})$/;

/**
 * A message's content as the Chat Completions API takes it: a string, or an array of content
 * parts — `{type:'text', text}` and, in user messages only, `{type:'image_url', image_url:{url,
 * detail?}}` whose url is http(s) or a base64 data URL of a PNG, JPEG, GIF or WebP that really is one.
 */
function contentProblem(role: string, content: unknown, index: number): Problem | null {
  const invalid = (param: string, message = `Invalid value for '${param}'.`): Problem => ({ message, code: 'invalid_value', param });
  if (typeof content === 'string') return null;
  if (!Array.isArray(content) || content.length === 0) return invalid(`messages[${index}].content`);
  for (const [at, part] of content.entries()) {
    const p = part as Record<string, unknown> | null;
    const param = `messages[${index}].content[${at}]`;
    if (typeof p !== 'object' || p === null) return invalid(param);
    if (p['type'] === 'text') {
      if (typeof p['text'] !== 'string') return invalid(`${param}.text`);
      continue;
    }
    if (p['type'] !== 'image_url' || role !== 'user') return invalid(`${param}.type`);
    const image = p['image_url'] as Record<string, unknown> | null;
    if (typeof image !== 'object' || image === null || typeof image['url'] !== 'string') return invalid(`${param}.image_url`);
    if (image['detail'] !== undefined && !['auto', 'low', 'high'].includes(image['detail'] as string)) return invalid(`${param}.image_url.detail`);
    if (/^https?:\/\//.test(image['url'])) continue;
    const data = PICTURE_URL.exec(image['url']);
    if (data === null || !isPicture(Buffer.from(data[2]!, 'base64'))) {
      return invalid(`${param}.image_url.url`, 'You uploaded an unsupported image. Please make sure your image is valid.');
    }
  }
  return null;
}

/** The first bytes of a PNG, JPEG, GIF or WebP. */
function isPicture(bytes: Buffer): boolean {
  return bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    || (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff)
    || bytes.subarray(0, 4).toString('latin1') === 'GIF8'
    || (bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP');
}

/** Where the first picture is (message and part index), or null for a text-only request. */
function firstPicture(body: { messages: unknown[] }): { message: number; part: number } | null {
  for (const [message, entry] of body.messages.entries()) {
    const content = (entry as { content: unknown }).content;
    if (!Array.isArray(content)) continue;
    const part = content.findIndex((one) => (one as { type?: unknown }).type === 'image_url');
    if (part >= 0) return { message, part };
  }
  return null;
}

function splitEvery(text: string, size: number): string[] {
  const characters = [...text];
  const pieces: string[] = [];
  for (let i = 0; i < characters.length; i += size) pieces.push(characters.slice(i, i + size).join(''));
  return pieces;
}

/** OpenAI shows the key's first three and last four characters. */
function maskKey(key: string): string {
  return key.length <= 8 ? '****' : `${key.slice(0, 3)}${'*'.repeat(key.length - 7)}${key.slice(-4)}`;
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function sendError(res: http.ServerResponse, status: number, message: string, type: string, code: string | null, param: string | null = null): void {
  sendJson(res, status, { error: { message, type, param, code } });
}
