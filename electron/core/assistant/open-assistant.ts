import { z } from 'zod';
import type { Database } from '../db/schema';
import type { EventSink } from '../events/event-hub';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { SecretStore } from '../ports/secret-store';
import type { Timers } from '../ports/timers';
import type { ProfileStore } from '../profile/profile-store';
import { createAssistantHandlers } from './assistant-handlers';
import { AssistantService } from './assistant-service';
import { AssistantSettingsStore } from './assistant-settings-store';

/** A slow local model on a laptop can take a while before its first word; beyond this the owner is told. */
const DEFAULT_TIMEOUT_MS = 120_000;

const assistantEnvSchema = z.object({
  AGENCYIQ_ASSISTANT_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(600_000).optional(),
});

export interface AssistantDomainOptions {
  db: Database;
  clock: Clock;
  timers: Timers;
  logger: Logger;
  events: EventSink;
  profile: ProfileStore;
  /** The vault (SecretStorageGate): the API key is encrypted like the platform tokens. */
  secretStore: SecretStore;
  env: Readonly<Record<string, string | undefined>>;
}

/** The writing assistant's domain on one database: its settings live there, its key in the vault. */
export function openAssistant(options: AssistantDomainOptions) {
  const env = assistantEnvSchema.parse(options.env);
  const service = new AssistantService({
    settings: new AssistantSettingsStore(options.db, options.clock, options.secretStore),
    profile: options.profile,
    events: options.events,
    clock: options.clock,
    timers: options.timers,
    logger: options.logger,
    timeoutMs: env.AGENCYIQ_ASSISTANT_TIMEOUT_MS ?? DEFAULT_TIMEOUT_MS,
  });
  return { service, handlers: createAssistantHandlers(service), close: () => service.close() };
}
