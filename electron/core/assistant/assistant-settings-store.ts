import { z } from 'zod';
import { assistantProviderKindSchema, type AssistantSettings } from '@shared/ipc/assistant-channels';
import type { Database } from '../db/schema';
import type { Clock } from '../ports/clock';
import type { SecretStore } from '../ports/secret-store';

// Two `settings` rows: the provider (plain JSON) and the key (vault ciphertext, base64). No table
// of its own: the settings travel with backups like the owner's other choices.
const PROVIDER_KEY = 'assistant.provider';
const API_KEY_KEY = 'assistant.apiKey';

const storedProviderSchema = z.object({ kind: assistantProviderKindSchema, baseUrl: z.string(), model: z.string() });
type StoredProvider = z.infer<typeof storedProviderSchema>;

/** The default a first visit to Settings shows: Ollama's OpenAI-compatible address on this computer. */
const NOT_CONFIGURED: AssistantSettings = { configured: false, kind: 'local', baseUrl: 'http://127.0.0.1:11434/v1', model: '', hasKey: false };

/** What a request is made with; the key only ever leaves this store towards the SDK. */
export interface AssistantConnection {
  kind: StoredProvider['kind'];
  baseUrl: string;
  model: string;
  apiKey: string | null;
}

export class AssistantSettingsStore {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly secrets: SecretStore,
  ) {}

  async get(): Promise<AssistantSettings> {
    const provider = await this.#provider();
    if (provider === null) return { ...NOT_CONFIGURED, hasKey: (await this.#row(API_KEY_KEY)) !== null };
    return { configured: true, ...provider, hasKey: (await this.#row(API_KEY_KEY)) !== null };
  }

  /** `apiKey`: a new key, `null` to forget it, undefined to keep it. The key is encrypted before the write. */
  async save(input: StoredProvider & { apiKey?: string | null | undefined }): Promise<AssistantSettings> {
    // Encrypted first: a vault that is waiting refuses here, before anything changed.
    const cipher = typeof input.apiKey === 'string' ? (await this.secrets.encrypt(input.apiKey)).toString('base64') : undefined;
    const now = this.clock.now();
    const provider: StoredProvider = { kind: input.kind, baseUrl: input.baseUrl.replace(/\/+$/, ''), model: input.model };
    await this.db.transaction().execute(async (trx) => {
      const put = async (key: string, value: string) =>
        trx.insertInto('settings').values({ key, value, updated_at: now })
          .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now })).execute();
      await put(PROVIDER_KEY, JSON.stringify(provider));
      if (cipher !== undefined) await put(API_KEY_KEY, cipher);
      if (input.apiKey === null) await trx.deleteFrom('settings').where('key', '=', API_KEY_KEY).execute();
    });
    return this.get();
  }

  /** The saved provider with its key decrypted; null when the owner has not set one up. */
  async connection(): Promise<AssistantConnection | null> {
    const provider = await this.#provider();
    if (provider === null) return null;
    const cipher = provider.kind === 'hosted' ? await this.#row(API_KEY_KEY) : null;
    const apiKey = cipher === null ? null : await this.secrets.decrypt(Buffer.from(cipher, 'base64'));
    return { ...provider, apiKey };
  }

  async #provider(): Promise<StoredProvider | null> {
    const value = await this.#row(PROVIDER_KEY);
    if (value === null) return null;
    try {
      const parsed = storedProviderSchema.safeParse(JSON.parse(value));
      return parsed.success ? parsed.data : null;
    } catch {
      return null; // unreadable: as if never set up, so nothing is sent anywhere
    }
  }

  async #row(key: string): Promise<string | null> {
    const row = await this.db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
    return row?.value ?? null;
  }
}
