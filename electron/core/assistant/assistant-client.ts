import OpenAI from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { Timers } from '../ports/timers';
import { assistantCoreError, classifyAssistantError, type AssistantProblem } from './assistant-errors';
import type { AssistantConnection } from './assistant-settings-store';

/** The longest Retry-After waited for by itself; longer, and the owner is told when to try again. */
const MAX_RETRY_WAIT_MS = 30_000;
// Local servers ignore the header; the SDK insists on some key.
const LOCAL_PLACEHOLDER_KEY = 'local-no-key';

export type ChatMessage = ChatCompletionMessageParam;

export interface JsonSchemaFormat {
  name: string;
  schema: Record<string, unknown>;
}

/**
 * One provider, through the official `openai` SDK with the owner's base URL. The SDK's own
 * retries are off: a 429 is retried here exactly once, after its Retry-After; everything else
 * becomes a plain sentence (assistant-errors.ts). The SDK's fetch is Node's, bounded by `timeoutMs`.
 */
export class AssistantClient {
  readonly #sdk: OpenAI;

  constructor(
    private readonly connection: AssistantConnection,
    private readonly options: { timeoutMs: number; timers: Timers },
  ) {
    this.#sdk = new OpenAI({
      apiKey: connection.apiKey ?? LOCAL_PLACEHOLDER_KEY,
      baseURL: connection.baseUrl,
      maxRetries: 0,
      timeout: options.timeoutMs,
      // No OpenAI-Organization/Project headers from the environment: only what the owner set up.
      organization: null,
      project: null,
    });
  }

  async listModels(): Promise<string[]> {
    return this.#withOneRateLimitRetry(async () => {
      const ids: string[] = [];
      for await (const model of this.#sdk.models.list()) ids.push(model.id);
      return ids.sort();
    });
  }

  /** Streams an answer; `onText` gets each piece as it arrives. Resolves with all of it, or rejects with a CoreError. */
  async stream(messages: ChatMessage[], signal: AbortSignal, onText: (text: string) => void): Promise<string> {
    const stream = await this.#withOneRateLimitRetry(() =>
      this.#sdk.chat.completions.create({ model: this.connection.model, messages, stream: true }, { signal }),
    );
    let text = '';
    try {
      for await (const chunk of stream) {
        const piece = chunk.choices[0]?.delta?.content ?? '';
        if (piece === '') continue;
        text += piece;
        onText(piece);
      }
    } catch (error) {
      // The answer had begun: whatever ended it part-way (reset, a bad chunk) is a cut-off answer.
      const problem = classifyAssistantError(error, this.connection.model);
      throw this.#problemError(problem.kind === 'stopped' || signal.aborted ? problem : { kind: 'cut_off' });
    }
    return text;
  }

  /** One answer whole, constrained by a JSON schema where the endpoint honours `response_format`. */
  async complete(messages: ChatMessage[], format: JsonSchemaFormat | null): Promise<string> {
    const completion = await this.#withOneRateLimitRetry(() =>
      this.#sdk.chat.completions.create({
        model: this.connection.model,
        messages,
        ...(format === null ? {} : { response_format: { type: 'json_schema', json_schema: { name: format.name, schema: format.schema, strict: true } } }),
      }),
    );
    return completion.choices[0]?.message?.content ?? '';
  }

  async #withOneRateLimitRetry<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      const problem = classifyAssistantError(error, this.connection.model);
      if (problem.kind !== 'rate_limited' || problem.retryAfterMs === null || problem.retryAfterMs > MAX_RETRY_WAIT_MS) {
        throw this.#problemError(problem);
      }
      await new Promise<void>((resolve) => this.options.timers.setTimeout(resolve, problem.retryAfterMs ?? 0));
      try {
        return await call();
      } catch (again) {
        throw this.#problemError(classifyAssistantError(again, this.connection.model));
      }
    }
  }

  #problemError(problem: AssistantProblem): Error {
    return problem.kind === 'stopped' ? new AssistantStopped() : assistantCoreError(problem);
  }
}

/** The owner pressed Stop: not a failure. */
export class AssistantStopped extends Error {
  constructor() {
    super('Stopped.');
    this.name = 'AssistantStopped';
  }
}
