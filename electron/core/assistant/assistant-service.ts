import type { Platform } from '@shared/domain/platform';
import type { AssistantIdea, AssistantPreview, AssistantPreviewRequest, AssistantSettings, AssistantVariant, LocalCalendar } from '@shared/ipc/assistant-channels';
import { ALT_TEXT_MAX } from '@shared/ipc/media-channels';
import type { Profile } from '@shared/ipc/profile-channels';
import { countPlatformText } from '@shared/platforms/limits';
import { CoreError } from '../errors';
import type { EventSink } from '../events/event-hub';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { Timers } from '../ports/timers';
import type { ProfileStore } from '../profile/profile-store';
import { AssistantClient, AssistantStopped, type ChatMessage } from './assistant-client';
import { AssistantProblemError } from './assistant-errors';
import type { AssistantSettingsStore } from './assistant-settings-store';
import { localCalendar, placeForProfile, placeLabel, schoolTermsStatus } from './local-calendar';
import { altTextMessages, ideasMessages, rewriteMessages, writeMessages } from './prompts';
import { askForJson, ideasAnswerSchema, rewriteAnswerSchema } from './structured-output';

export const NOT_SET_UP_MESSAGE = 'Set up the assistant first (Settings → Assistant): nothing is sent anywhere until then.';
const NO_MODEL_MESSAGE = 'Choose a model in Settings → Assistant first.';

/** The longer side of the picture sent for alt text: enough to describe, small enough for a local model. */
const PICTURE_MAX_EDGE = 768;
export const NO_PICTURES_MESSAGE = 'This model does not accept pictures. Choose one that does (a "vision" model) in Settings → Assistant, or write the alt text yourself.';

export interface AssistantServiceOptions {
  /** Read through the live database at each request: the service itself outlives a restore. */
  settings: Pick<AssistantSettingsStore, 'get' | 'save' | 'connection'>;
  profile: Pick<ProfileStore, 'get'>;
  /** An attached picture (by attachment id), made small for the model; read through the live database. */
  pictures: { downsized(attachmentId: string, maxEdge: number): Promise<{ jpeg: Buffer; width: number; height: number }> };
  events: EventSink;
  clock: Clock;
  timers: Timers;
  logger: Logger;
  timeoutMs: number;
}

/** The writing assistant: settings, connection test, streaming writes with Stop, rewrites and ideas. */
export class AssistantService {
  readonly #inFlight = new Map<string, AbortController>();

  constructor(private readonly options: AssistantServiceOptions) {}

  settings(): Promise<AssistantSettings> {
    return this.options.settings.get();
  }

  save(input: Parameters<AssistantSettingsStore['save']>[0]): Promise<AssistantSettings> {
    return this.options.settings.save(input);
  }

  async testConnection(): Promise<{ ok: boolean; message: string; models: string[] }> {
    try {
      const { client, connection } = await this.#client({ needsModel: false });
      const models = await client.listModels();
      const model = connection.model;
      const message = model !== '' && !models.includes(model)
        ? `Connected, but the endpoint does not list the model "${model}". Choose one of its ${models.length} models.`
        : `Connected: the endpoint answers and lists ${models.length} model${models.length === 1 ? '' : 's'}.`;
      return { ok: true, message, models };
    } catch (error) {
      if (error instanceof CoreError) return { ok: false, message: error.message, models: [] };
      throw error;
    }
  }

  async models(): Promise<string[]> {
    const { client } = await this.#client({ needsModel: false });
    return this.#logged('models', () => client.listModels());
  }

  /**
   * Streams the answer as `assistant.chunk` events. Stopped: answers with exactly the text sent
   * in chunks until then. Failed: a CoreError with the sentence (the renderer keeps its text).
   */
  async write(request: { requestId: string; prompt: string; text: string }): Promise<{ outcome: 'finished' | 'stopped'; text: string }> {
    if (this.#inFlight.has(request.requestId)) throw new CoreError('conflict', 'That request is already running.');
    const { client } = await this.#client({ needsModel: true });
    const messages = writeMessages(await this.options.profile.get(), request.prompt, request.text);
    const controller = new AbortController();
    this.#inFlight.set(request.requestId, controller);
    let delivered = '';
    try {
      const text = await client.stream(messages, controller.signal, (piece) => {
        if (controller.signal.aborted) return; // nothing after Stop reaches the editor
        delivered += piece;
        this.options.events.emit('assistant.chunk', { requestId: request.requestId, text: piece });
      });
      return controller.signal.aborted ? { outcome: 'stopped', text: delivered } : { outcome: 'finished', text };
    } catch (error) {
      if (controller.signal.aborted || error instanceof AssistantStopped) return { outcome: 'stopped', text: delivered };
      this.#logFailure('write', error);
      throw error;
    } finally {
      this.#inFlight.delete(request.requestId);
    }
  }

  stop(requestId: string): boolean {
    const controller = this.#inFlight.get(requestId);
    if (controller === undefined) return false;
    controller.abort();
    return true;
  }

  /** One variant per network, counted as that network counts; an over-long one is flagged, never trimmed or dropped. */
  async rewrite(text: string, platforms: readonly Platform[]): Promise<AssistantVariant[]> {
    const { client } = await this.#client({ needsModel: true });
    const profile = await this.options.profile.get();
    const answer = await this.#logged('rewrite', () => askForJson(client, rewriteMessages(profile, text, platforms), 'post_variants', rewriteAnswerSchema(platforms)));
    return platforms.map((platform) => {
      const variant = answer.variants.find((one) => one.platform === platform)!;
      const count = countPlatformText(platform, { text: variant.text, title: '' }).find((field) => field.field === 'text')!;
      return { platform, text: variant.text, count: count.used, max: count.max, over: count.over };
    });
  }

  async ideas(): Promise<AssistantIdea[]> {
    const { client } = await this.#client({ needsModel: true });
    const messages = this.#ideasMessages(await this.options.profile.get());
    const answer = await this.#logged('ideas', () => askForJson(client, messages, 'post_ideas', ideasAnswerSchema));
    return answer.ideas;
  }

  /**
   * Alt text suggested for an attached picture, for the owner to accept or edit (nothing is
   * saved here). A model that refuses image input gets its own plain sentence.
   */
  async altText(attachmentId: string): Promise<string> {
    const { client } = await this.#client({ needsModel: true });
    const messages = await this.#altTextMessages(await this.options.profile.get(), attachmentId);
    const text = await this.#logged('alt text', async () => {
      try {
        return await client.complete(messages, null);
      } catch (error) {
        if (error instanceof AssistantProblemError && error.problem.kind === 'refused_request' && error.problem.status === 400) {
          throw new CoreError('unavailable', NO_PICTURES_MESSAGE);
        }
        throw error;
      }
    });
    const cleaned = text.trim().replace(/^["“]|["”]$/g, '').trim();
    if (cleaned === '') throw new CoreError('unavailable', 'The assistant answered with no description. Try again, or write the alt text yourself.');
    return cleaned.slice(0, ALT_TEXT_MAX);
  }

  async #altTextMessages(profile: Profile, attachmentId: string): Promise<ChatMessage[]> {
    const picture = await this.options.pictures.downsized(attachmentId, PICTURE_MAX_EDGE);
    return altTextMessages(profile, `data:image/jpeg;base64,${picture.jpeg.toString('base64')}`);
  }

  /** What the local calendar holds for the next `days` days where the business is; nothing is sent anywhere. */
  async localCalendar(days: number): Promise<LocalCalendar> {
    return this.#calendar(await this.options.profile.get(), days);
  }

  /** The messages a request would send, built by the same functions the request uses. */
  async preview(request: AssistantPreviewRequest): Promise<AssistantPreview> {
    const profile = await this.options.profile.get();
    const connection = await this.options.settings.get();
    const messages = request.kind === 'write' ? writeMessages(profile, request.prompt, request.text)
      : request.kind === 'rewrite' ? rewriteMessages(profile, request.text, request.platforms)
        : request.kind === 'altText' ? await this.#altTextMessages(profile, request.attachmentId)
          : this.#ideasMessages(profile);
    return {
      to: connection.configured ? connection.baseUrl : null,
      model: connection.model,
      messages: messages.map(asPreviewMessage),
    };
  }

  #ideasMessages(profile: Profile): ChatMessage[] {
    const calendar = this.#calendar(profile, 14);
    return ideasMessages(profile, calendar.today, calendar.days);
  }

  #calendar(profile: Profile, days: number): LocalCalendar {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: profile.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(this.options.clock.now());
    const place = placeForProfile(profile);
    if (place === null) return { place: null, today, days: [], schoolTerms: null };
    return { place: { ...place, label: placeLabel(place) }, today, days: localCalendar(place, today, days), schoolTerms: schoolTermsStatus(place, today) };
  }

  /** Stops every stream (the database is being replaced or the app closes). */
  close(): void {
    for (const controller of this.#inFlight.values()) controller.abort();
  }

  async #client(need: { needsModel: boolean }) {
    const connection = await this.options.settings.connection();
    if (connection === null) throw new CoreError('unavailable', NOT_SET_UP_MESSAGE);
    if (need.needsModel && connection.model === '') throw new CoreError('unavailable', NO_MODEL_MESSAGE);
    if (connection.kind === 'hosted' && connection.apiKey === null) {
      throw new CoreError('unavailable', 'Add the API key for this provider in Settings → Assistant first.');
    }
    return { client: new AssistantClient(connection, { timeoutMs: this.options.timeoutMs, timers: this.options.timers }), connection };
  }

  async #logged<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      this.#logFailure(what, error);
      throw error;
    }
  }

  // Only the kind of problem is logged: an endpoint's own message may echo the key.
  #logFailure(what: string, error: unknown): void {
    const problem = error instanceof AssistantProblemError ? error.problem.kind : error instanceof CoreError ? error.message : 'unexpected';
    this.options.logger.warn('The assistant request failed', { what, problem });
  }
}

/** A message as the owner reads it: its text, and each picture named by its size (the bytes are what is sent). */
function asPreviewMessage(message: ChatMessage): AssistantPreview['messages'][number] {
  if (message.role !== 'system' && message.role !== 'user') throw new Error('The assistant builds system and user messages only.');
  if (typeof message.content === 'string') return { role: message.role, content: message.content };
  const parts = (message.content ?? []).map((part) => {
    if (part.type === 'text') return part.text;
    if (part.type === 'image_url') return `[the picture, made smaller: a JPEG of ${Math.round((part.image_url.url.length * 3) / 4 / 1024)} KB]`;
    return '';
  });
  return { role: message.role, content: parts.join('\n') };
}
