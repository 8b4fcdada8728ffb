import { z } from 'zod';
import { activateRequestSchema, deviceSchema, plansResponseSchema } from '../licence/licence-api';
import { PLAN_IDS } from '../licence/plans';
import { event, invoke } from './define';

/**
 * What the Plan page shows, and what the rest of the app asks before publishing. Built in the
 * core from the VERIFIED lease only. Tokens, signatures and keys never appear here; the licence
 * key does, because the owner needs it to activate another computer.
 *
 * - `none`: no plan; drafting works, publishing needs a plan.
 * - `active`: the plan, posts left this cycle and when the cycle resets.
 * - `grace`: still publishing, but something needs attention (offline too long, or a failed
 *   payment) until `grace.until`.
 * - `lapsed`: drafting works, publishing is paused; `lapsedReason` and `message` say why.
 */
export const licenceStatusSchema = z.strictObject({
  state: z.enum(['none', 'active', 'grace', 'lapsed']),
  publishingAllowed: z.boolean(),
  plan: z
    .strictObject({
      id: z.enum(PLAN_IDS),
      label: z.string(),
      postsPerCycle: z.number().int().nonnegative(),
      seats: z.number().int().positive(),
    })
    .nullable(),
  usage: z
    .strictObject({
      used: z.number().int().nonnegative(),
      reserved: z.number().int().nonnegative(),
      left: z.number().int().nonnegative(),
      cycleStart: z.number().int(),
      /** When the allowance starts again (the current cycle's end). */
      resetsAt: z.number().int(),
    })
    .nullable(),
  grace: z.strictObject({ reason: z.enum(['offline', 'past_due']), until: z.number().int() }).nullable(),
  /** `seats_exceeded`: the plan was changed to fewer computers and this one is beyond them. */
  lapsedReason: z.enum(['expired', 'lapsed', 'deactivated', 'clock_turned_back', 'invalid', 'seats_exceeded', 'check_needed']).nullable(),
  /** One plain-words sentence about the state, fit to show as-is. */
  message: z.string(),
  /** When AgencyIQ's server last answered. */
  lastSyncAt: z.number().int().nullable(),
  /** Why the last check with the server failed, in plain words; null when it worked. */
  syncProblem: z.string().nullable(),
  licenceKey: z.string().nullable(),
  /** A checkout opened in the browser and not yet finished. */
  checkout: z.strictObject({ plan: z.enum(PLAN_IDS), state: z.enum(['waiting', 'cancelled']) }).nullable(),
  /** This computer's saved identity could not be read and was replaced: enter the licence key again. */
  identityReset: z.boolean(),
});
export type LicenceStatus = z.infer<typeof licenceStatusSchema>;

const devicesListSchema = z.strictObject({ devices: z.array(deviceSchema) });
export type LicenceDevice = z.infer<typeof deviceSchema>;

export const licenceChannels = {
  'licence.status': invoke(z.strictObject({}), licenceStatusSchema),
  /** Checks with the server now (renews the lease); answers with the new status. */
  'licence.sync': invoke(z.strictObject({}), licenceStatusSchema),
  /** The plans on sale with their prices, from the licence server (which reads them from Stripe). */
  'licence.plans': invoke(z.strictObject({}), plansResponseSchema),
  /** Opens Stripe Checkout for a plan in the owner's browser; the status then shows it waiting. */
  'licence.checkout': invoke(z.strictObject({ plan: z.enum(PLAN_IDS) }), licenceStatusSchema),
  /** The owner gave up on the browser checkout (or wants to pick another plan). */
  'licence.cancelCheckout': invoke(z.strictObject({}), licenceStatusSchema),
  /** Opens Stripe's billing portal in the owner's browser. */
  'licence.portal': invoke(z.strictObject({}), z.strictObject({ opened: z.boolean() })),
  'licence.activate': invoke(activateRequestSchema, licenceStatusSchema),
  'licence.devices': invoke(z.strictObject({}), devicesListSchema),
  'licence.deactivate': invoke(
    z.strictObject({ deviceId: z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/) }),
    devicesListSchema,
  ),
};

export const licenceEvents = {
  'licence.changed': event(licenceStatusSchema),
};
