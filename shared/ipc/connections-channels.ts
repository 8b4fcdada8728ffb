import { z } from 'zod';
import { platformSchema } from '../domain/platform';
import { event, invoke } from './define';

/**
 * Where one platform's connection stands, as the owner sees it. No token, code or secret is
 * ever part of this: the renderer only learns names, states and plain-words reasons.
 */
export const connectionStatusSchema = z.discriminatedUnion('state', [
  z.strictObject({ state: z.literal('not_connected') }),
  /** The sign-in page is open in the owner's browser; AgencyIQ waits for it to come back. */
  z.strictObject({ state: z.literal('waiting_for_browser') }),
  /** Signed in to Facebook; the owner picks which Page (or its Instagram account) to use. */
  z.strictObject({
    state: z.literal('choosing_page'),
    pages: z.array(z.strictObject({ id: z.string(), name: z.string() })),
  }),
  z.strictObject({
    state: z.literal('connected'),
    displayName: z.string(),
    /** Whole days until the sign-in runs out and cannot be renewed; null when it renews itself. */
    expiresInDays: z.number().int().nullable(),
    /** True within the warning window: the page offers Reconnect. */
    expiringSoon: z.boolean(),
    /** Other identities the connection can post as (LinkedIn organisation Pages the member runs). */
    alsoPostsAs: z.array(z.string()),
  }),
  z.strictObject({ state: z.literal('needs_reconnect'), displayName: z.string(), reason: z.string() }),
]);
export type ConnectionStatus = z.infer<typeof connectionStatusSchema>;

export const platformConnectionSchema = z.strictObject({
  platform: platformSchema,
  status: connectionStatusSchema,
  /** The last thing that went wrong while connecting (declined, timed out…), in plain words. */
  notice: z.string().nullable(),
});
export type PlatformConnection = z.infer<typeof platformConnectionSchema>;

export const connectionsOverviewSchema = z.strictObject({
  /** How well saved sign-ins are protected on this computer (see SecretStore.protection). */
  protection: z.enum(['keyring', 'weak', 'file']),
  platforms: z.array(platformConnectionSchema),
});
export type ConnectionsOverview = z.infer<typeof connectionsOverviewSchema>;

const platformRequest = z.strictObject({ platform: platformSchema });

export const connectionsChannels = {
  'connections.list': invoke(z.strictObject({}), connectionsOverviewSchema),
  /** Opens the platform's sign-in page in the owner's browser (system browser, never embedded). */
  'connections.connect': invoke(platformRequest, connectionsOverviewSchema),
  /** Stops waiting for the browser; a late callback for the cancelled attempt is refused. */
  'connections.cancel': invoke(platformRequest, connectionsOverviewSchema),
  /** Withdraws access at the platform where it allows that, then wipes the saved sign-in. */
  'connections.disconnect': invoke(platformRequest, connectionsOverviewSchema),
  /** Chooses the Facebook Page (for Facebook, or for its linked Instagram account). */
  'connections.choosePage': invoke(
    z.strictObject({ platform: z.enum(['facebook', 'instagram']), pageId: z.string().regex(/^[0-9]{1,32}$/) }),
    connectionsOverviewSchema,
  ),
};

export const connectionsEvents = {
  'connections.changed': event(connectionsOverviewSchema),
};
