import type { z } from 'zod';
import { appChannels, appEvents } from './app-channels';
import { assistantChannels, assistantEvents } from './assistant-channels';
import { backupsChannels, backupsEvents } from './backups-channels';
import { connectionsChannels, connectionsEvents } from './connections-channels';
import { diagnosticsChannels } from './diagnostics-channels';
import { draftsChannels } from './drafts-channels';
import { licenceChannels, licenceEvents } from './licence-channels';
import { mediaChannels } from './media-channels';
import { preferencesChannels, preferencesEvents } from './preferences-channels';
import { profileChannels } from './profile-channels';
import { publishingChannels, publishingEvents } from './publishing-channels';
import { resultsChannels } from './results-channels';
import { schedulingChannels, schedulingEvents } from './scheduling-channels';
import { secretsChannels, secretsEvents } from './secrets-channels';
import { updatesChannels, updatesEvents } from './updates-channels';

/**
 * The one IPC contract. Each domain declares its channels in its own file; this merges them.
 * The preload, the main-process registry and the browser host are all built from this object.
 */
export const invokeChannels = {
  ...appChannels,
  ...profileChannels,
  ...draftsChannels,
  ...preferencesChannels,
  ...backupsChannels,
  ...diagnosticsChannels,
  ...updatesChannels,
  ...connectionsChannels,
  ...licenceChannels,
  ...publishingChannels,
  ...schedulingChannels,
  ...resultsChannels,
  ...secretsChannels,
  ...mediaChannels,
  ...assistantChannels,
};

/**
 * Main → renderer pushes, merged per domain like `invokeChannels`. The core emits them through
 * its EventHub; the payload schema is what the renderer may rely on.
 */
export const eventChannels = {
  ...preferencesEvents,
  ...appEvents,
  ...backupsEvents,
  ...updatesEvents,
  ...connectionsEvents,
  ...licenceEvents,
  ...publishingEvents,
  ...schedulingEvents,
  ...secretsEvents,
  ...assistantEvents,
};

export type InvokeChannels = typeof invokeChannels;
export type ChannelName = keyof InvokeChannels;
export type EventChannels = typeof eventChannels;
export type EventName = keyof EventChannels;
/** What an event carries. */
export type EventPayloadOf<E extends EventName> = EventChannels[E] extends { payload: infer P extends z.ZodType }
  ? z.output<P>
  : never;

/** What the renderer may send on a channel (defaults not yet applied). */
export type RequestOf<C extends ChannelName> = z.input<InvokeChannels[C]['request']>;
/** What the handler receives, after parsing and defaults. */
export type ParsedRequestOf<C extends ChannelName> = z.output<InvokeChannels[C]['request']>;
export type ResponseOf<C extends ChannelName> = z.output<InvokeChannels[C]['response']>;

/** True when `name` is a channel of the contract (own property, not inherited). */
export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.hasOwn(invokeChannels, name);
}
