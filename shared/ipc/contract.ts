import type { z } from 'zod';
import { appChannels } from './app-channels';
import { draftsChannels } from './drafts-channels';
import { profileChannels } from './profile-channels';

/**
 * The one IPC contract. Each domain declares its channels in its own file; this merges them.
 * The preload, the main-process registry and the browser host are all built from this object.
 */
export const invokeChannels = {
  ...appChannels,
  ...profileChannels,
  ...draftsChannels,
};

/** Main → renderer pushes. Empty until a domain needs one (publishing progress will). */
export const eventChannels = {};

export type InvokeChannels = typeof invokeChannels;
export type ChannelName = keyof InvokeChannels;
export type EventName = keyof typeof eventChannels;

/** What the renderer may send on a channel (defaults not yet applied). */
export type RequestOf<C extends ChannelName> = z.input<InvokeChannels[C]['request']>;
/** What the handler receives, after parsing and defaults. */
export type ParsedRequestOf<C extends ChannelName> = z.output<InvokeChannels[C]['request']>;
export type ResponseOf<C extends ChannelName> = z.output<InvokeChannels[C]['response']>;

/** True when `name` is a channel of the contract (own property, not inherited). */
export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.hasOwn(invokeChannels, name);
}
