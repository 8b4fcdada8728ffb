import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { CoreError } from '../errors';

/** What went wrong talking to the assistant's endpoint, as the composer names it. */
export type AssistantProblem =
  | { kind: 'bad_key' }
  | { kind: 'unknown_model'; model: string }
  | { kind: 'rate_limited'; retryAfterMs: number | null }
  | { kind: 'server_error'; status: number }
  | { kind: 'refused' }
  | { kind: 'timeout' }
  | { kind: 'unreachable' }
  | { kind: 'cut_off' }
  | { kind: 'refused_request'; status: number }
  | { kind: 'stopped' };

/** Sorts whatever the SDK threw into a problem; the endpoint's own message is never shown (it may echo the key). */
export function classifyAssistantError(error: unknown, model: string): AssistantProblem {
  if (error instanceof APIUserAbortError) return { kind: 'stopped' };
  if (error instanceof APIConnectionTimeoutError) return { kind: 'timeout' };
  if (error instanceof APIConnectionError) return hasCode(error, 'ECONNREFUSED') ? { kind: 'refused' } : { kind: 'unreachable' };
  if (error instanceof APIError && typeof error.status === 'number') {
    if (error.status === 401) return { kind: 'bad_key' };
    if (error.status === 404) return { kind: 'unknown_model', model };
    if (error.status === 429) return { kind: 'rate_limited', retryAfterMs: retryAfterMs(error.headers?.get('retry-after') ?? null, Date.now()) };
    if (error.status >= 500) return { kind: 'server_error', status: error.status };
    return { kind: 'refused_request', status: error.status };
  }
  // The SDK's stream reader throws a plain error when the connection ends mid-answer.
  return { kind: 'cut_off' };
}

/** Retry-After as seconds or an HTTP date (RFC 9110 §10.2.3); null when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | null {
  if (header === null || header.trim() === '') return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  // An HTTP date names its day or month; without a letter, Date.parse would read "-5" as a year.
  const at = /[A-Za-z]/.test(header) ? Date.parse(header) : Number.NaN;
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** The plain sentence for each problem; the owner's text is never touched by any of them. */
export function describeAssistantProblem(problem: AssistantProblem): string {
  switch (problem.kind) {
    case 'bad_key':
      return 'The assistant refused the API key. Check the key in Settings → Assistant.';
    case 'unknown_model':
      return `The assistant does not know the model "${problem.model}". Choose another in Settings → Assistant.`;
    case 'rate_limited':
      return problem.retryAfterMs === null
        ? 'The assistant is busy (too many requests). Try again in a minute.'
        : `The assistant is busy (too many requests). Try again in ${Math.max(1, Math.ceil(problem.retryAfterMs / 1000))} seconds.`;
    case 'server_error':
      return `The assistant's server had a problem (${problem.status}). Try again in a moment.`;
    case 'refused':
      return 'The assistant is not running at that address. Start your local model server (Ollama, LM Studio…) or check the address in Settings → Assistant.';
    case 'timeout':
      return 'The assistant took too long to answer. Try again, or try a smaller model.';
    case 'unreachable':
      return 'The assistant could not be reached. Check the internet connection and the address in Settings → Assistant.';
    case 'cut_off':
      return 'The answer stopped part-way (the connection ended). Your text is as it was; try again.';
    case 'refused_request':
      return `The assistant refused the request (${problem.status}). Check the model and address in Settings → Assistant.`;
    case 'stopped':
      return 'Stopped.';
  }
}

/** A failed request to the endpoint: the owner's sentence, and the problem for callers that decide on it. */
export class AssistantProblemError extends CoreError {
  constructor(readonly problem: AssistantProblem) {
    super('unavailable', describeAssistantProblem(problem));
    this.name = 'AssistantProblemError';
  }
}

export function assistantCoreError(problem: AssistantProblem): AssistantProblemError {
  return new AssistantProblemError(problem);
}

function hasCode(error: unknown, code: string): boolean {
  for (let current: unknown = error, depth = 0; current !== null && typeof current === 'object' && depth < 5; depth++) {
    if ((current as { code?: unknown }).code === code) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
