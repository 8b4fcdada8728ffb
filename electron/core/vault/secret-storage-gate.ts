import fs from 'node:fs';
import path from 'node:path';
import type { SecretStorageStatus } from '@shared/ipc/secrets-channels';
import { CoreError } from '../errors';
import type { SecretProtection, SecretStore } from '../ports/secret-store';

/** Where the owner's one-time choice about weak storage is remembered, in the data folder. */
export const SECRET_STORAGE_CHOICE_FILE = 'secret-storage-choice.json';

/**
 * `protected`: an OS keyring (or the browser host's key file) holds the key. `weak-needs-consent`:
 * only Linux `basic_text` is there (a hard-coded key: anyone with a copy of the data folder reads
 * the tokens), and the owner has not said yes to it. `weak-accepted`: they have. `unavailable`:
 * nothing can encrypt at all. Only `protected` and `weak-accepted` let secrets be stored or read.
 */
export type SecretStorageState = SecretStorageStatus['state'];

/** Thrown wherever a secret is needed while storage waits for the owner (or cannot work here). */
export class SecretStorageWaitingError extends CoreError {
  constructor(state: SecretStorageState) {
    super('unavailable', waitingMessage(state));
    this.name = 'SecretStorageWaitingError';
  }
}

function waitingMessage(state: SecretStorageState): string {
  return state === 'unavailable'
    ? 'This computer offers no way to encrypt saved sign-ins, so AgencyIQ cannot keep connections or a licence here. Drafting still works.'
    : 'AgencyIQ is waiting for your choice on how to keep saved sign-ins on this computer (Connections page). Drafting still works.';
}

/**
 * The SecretStore every domain uses: the host's store behind the owner's choice. Drafting needs
 * no secrets, so the app starts whatever the state; connections and the licence wait until the
 * state allows secrets (`usable`).
 */
export class SecretStorageGate implements SecretStore {
  readonly #inner: SecretStore | null;
  readonly #choiceFile: string;
  #accepted: boolean;

  /** `inner` null: the host has no way to encrypt at all. */
  constructor(inner: SecretStore | null, dataDir: string) {
    this.#inner = inner;
    this.#choiceFile = path.join(dataDir, SECRET_STORAGE_CHOICE_FILE);
    this.#accepted = readAccepted(this.#choiceFile);
  }

  get protection(): SecretProtection {
    return this.#inner?.protection ?? 'weak';
  }

  get state(): SecretStorageState {
    if (this.#inner === null) return 'unavailable';
    if (this.#inner.protection !== 'weak') return 'protected';
    return this.#accepted ? 'weak-accepted' : 'weak-needs-consent';
  }

  get usable(): boolean {
    return this.state === 'protected' || this.state === 'weak-accepted';
  }

  status(): SecretStorageStatus {
    return { state: this.state, protection: this.#inner === null ? null : this.#inner.protection };
  }

  /** The owner's yes to the weak store, remembered in the data folder. False when there is nothing to accept. */
  acceptWeak(at: number): boolean {
    if (this.state !== 'weak-needs-consent') return false;
    const temp = `${this.#choiceFile}.tmp`;
    fs.writeFileSync(temp, JSON.stringify({ weakStorageAcceptedAt: at }), { mode: 0o600 });
    fs.renameSync(temp, this.#choiceFile);
    this.#accepted = true;
    return true;
  }

  /** Throws `SecretStorageWaitingError` unless secrets may be used now. */
  assertUsable(): SecretStore {
    if (this.#inner === null || !this.usable) throw new SecretStorageWaitingError(this.state);
    return this.#inner;
  }

  // Async, so a refusal is a rejected promise like any other storage failure, never a throw.
  async encrypt(plainText: string): Promise<Buffer> {
    return this.assertUsable().encrypt(plainText);
  }

  async decrypt(cipherText: Buffer): Promise<string> {
    return this.assertUsable().decrypt(cipherText);
  }

  async decryptForRenewal(cipherText: Buffer): Promise<{ plainText: string; shouldReEncrypt: boolean }> {
    const inner = this.assertUsable();
    return inner.decryptForRenewal ? inner.decryptForRenewal(cipherText) : inner.decrypt(cipherText).then((plainText) => ({ plainText, shouldReEncrypt: false }));
  }
}

function readAccepted(file: string): boolean {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { weakStorageAcceptedAt?: unknown };
    return typeof parsed.weakStorageAcceptedAt === 'number';
  } catch {
    // No file (never asked) or an unreadable one: ask again rather than assume a yes.
    return false;
  }
}
