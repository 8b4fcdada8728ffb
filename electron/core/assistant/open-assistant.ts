import { z } from 'zod';
import type { EventSink } from '../events/event-hub';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { Timers } from '../ports/timers';
import type { ProfileStore } from '../profile/profile-store';
import { createAssistantHandlers } from './assistant-handlers';
import { AssistantService, type AssistantServiceOptions } from './assistant-service';

/** A slow local model on a laptop can take a while before its first word; beyond this the owner is told. */
const DEFAULT_TIMEOUT_MS = 120_000;

const assistantEnvSchema = z.object({
  AGENCYIQ_ASSISTANT_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(600_000).optional(),
});

export interface AssistantDomainOptions {
  /** The settings store of the database in use (its key encrypted by the vault, like platform tokens). */
  settings: AssistantServiceOptions['settings'];
  profile: Pick<ProfileStore, 'get'>;
  pictures: AssistantServiceOptions['pictures'];
  clock: Clock;
  timers: Timers;
  logger: Logger;
  events: EventSink;
  env: Readonly<Record<string, string | undefined>>;
}

/**
 * The writing assistant. It lives outside the database swap: a backup restore must not wait for
 * a model that takes a minute to answer, so only its reads (settings, profile) go through the
 * live database, each at the moment it is needed.
 */
export function openAssistant(options: AssistantDomainOptions) {
  const env = assistantEnvSchema.parse(options.env);
  const service = new AssistantService({
    settings: options.settings,
    profile: options.profile,
    pictures: options.pictures,
    events: options.events,
    clock: options.clock,
    timers: options.timers,
    logger: options.logger,
    timeoutMs: env.AGENCYIQ_ASSISTANT_TIMEOUT_MS ?? DEFAULT_TIMEOUT_MS,
  });
  return { service, handlers: createAssistantHandlers(service), close: () => service.close() };
}
