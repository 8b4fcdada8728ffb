import { z } from 'zod';
import { PLATFORMS, type Platform } from '@shared/domain/platform';
import { CoreError } from '../errors';
import type { AssistantClient, ChatMessage, JsonSchemaFormat } from './assistant-client';
import { AssistantProblemError } from './assistant-errors';

/** What the model must answer for "Ideas for the next two weeks". */
export const ideasAnswerSchema = z.strictObject({
  ideas: z
    .array(
      z.strictObject({
        title: z.string().min(1).max(200),
        whyNow: z.string().min(1).max(1_000),
        platforms: z.array(z.enum(PLATFORMS)).min(1),
        day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
      }),
    )
    .min(1)
    .max(14),
});

/** What the model must answer for a rewrite: one text per network asked for. */
export function rewriteAnswerSchema(platforms: readonly Platform[]) {
  return z
    .strictObject({ variants: z.array(z.strictObject({ platform: z.enum(PLATFORMS), text: z.string().min(1) })) })
    .refine((answer) => platforms.every((platform) => answer.variants.some((variant) => variant.platform === platform)), {
      message: 'A variant is missing for a network that was asked for.',
    });
}

export const UNREADABLE_ANSWER_MESSAGE = "The assistant's answer could not be read, twice. Try again, or choose another model in Settings → Assistant.";

/**
 * Asks for JSON that `schema` accepts: with the JSON-schema response format, and without it when
 * the endpoint refuses that format (400), parsing and validating the text either way. An answer
 * that is not valid JSON or fails the schema is asked for once more, then the owner gets a
 * plain error (nothing of the invalid answer reaches a draft).
 */
export async function askForJson<T>(
  client: AssistantClient,
  messages: ChatMessage[],
  name: string,
  schema: z.ZodType<T>,
): Promise<T> {
  let format: JsonSchemaFormat | null = { name, schema: z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown> };
  for (let attempt = 0; attempt < 2; attempt++) {
    let text: string;
    try {
      text = await client.complete(messages, format);
    } catch (error) {
      // An endpoint without structured output: ask again in plain text, validated here.
      if (format !== null && error instanceof AssistantProblemError && error.problem.kind === 'refused_request') {
        format = null;
        text = await client.complete(messages, null);
      } else {
        throw error;
      }
    }
    const parsed = schema.safeParse(parseJsonLoosely(text));
    if (parsed.success) return parsed.data;
  }
  throw new CoreError('unavailable', UNREADABLE_ANSWER_MESSAGE);
}

/** JSON, allowing the ```json fences local models like to add; undefined when it is not JSON at all. */
function parseJsonLoosely(text: string): unknown {
  const fenced = /^\s*```(?:json)?\s*([\s\S]*?)\s*```\s*$/.exec(text);
  try {
    return JSON.parse(fenced?.[1] ?? text);
  } catch {
    return undefined;
  }
}
