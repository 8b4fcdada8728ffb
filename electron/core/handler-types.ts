import type { ChannelName, ParsedRequestOf, ResponseOf } from '@shared/ipc/contract';

/** Serves one channel. It receives a request that already passed the channel's schema. */
export type Handler<C extends ChannelName> = (request: ParsedRequestOf<C>) => Promise<ResponseOf<C>>;

/** The handlers one domain provides, for the channels it declares. */
export type HandlersFor<K extends ChannelName> = { [C in K]: Handler<C> };

/** Every domain's handlers merged: exactly one per channel of the contract. */
export type AppHandlers = HandlersFor<ChannelName>;
