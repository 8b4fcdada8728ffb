import type { FastifyInstance, FastifyReply } from 'fastify';
import { LICENCE_API } from '@shared/licence/licence-api';
import { checkoutStore } from '../db/checkout-store';
import { licenceStore } from '../db/licence-store';
import type { Services } from '../services';

// Stripe puts the Checkout Session id into success_url; the app's deep-link parser accepts the same pattern.
const SESSION_ID = /^cs_(?:test|live)_[A-Za-z0-9]{1,255}$/;
const REFRESH_SECONDS = 3;
/** How long after the checkout completed its success page still shows the licence key. */
export const KEY_SHOWN_FOR_MS = 15 * 60 * 1000;

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** A small self-contained page (no script): the browser tab the owner lands in after Stripe. */
function page(reply: FastifyReply, opts: { title: string; body: string; refresh?: boolean; status?: number }): FastifyReply {
  const refresh = opts.refresh ? `<meta http-equiv="refresh" content="${REFRESH_SECONDS}">` : '';
  return reply
    .status(opts.status ?? 200)
    .header('cache-control', 'no-store')
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
    .header('referrer-policy', 'no-referrer')
    .type('text/html; charset=utf-8')
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8">${refresh}<meta name="viewport" content="width=device-width, initial-scale=1">` +
        `<title>${escapeHtml(opts.title)} — AgencyIQ</title><style>body{font:16px/1.5 system-ui,sans-serif;max-width:34rem;margin:4rem auto;padding:0 1rem;color:#1d2330}` +
        `a.button{display:inline-block;background:#2454d6;color:#fff;padding:.6rem 1rem;border-radius:.4rem;text-decoration:none}` +
        `code{font-size:1.2rem;background:#eef1f7;padding:.2rem .4rem;border-radius:.3rem}</style></head>` +
        `<body><main><h1>${escapeHtml(opts.title)}</h1>${opts.body}</main></body></html>`,
    );
}

/**
 * The pages Stripe sends the owner's browser to: after paying (with the licence key once the
 * webhook has provisioned it, for 15 minutes), after cancelling, and back from the billing portal. Each links
 * back into the app with an `agencyiq://licence/…` deep link.
 */
export function checkoutPages(app: FastifyInstance, services: Services): void {
  app.get<{ Querystring: { session_id?: string } }>(LICENCE_API.checkoutReturn, async (request, reply) => {
    const sessionId = request.query.session_id;
    if (typeof sessionId !== 'string' || !SESSION_ID.test(sessionId)) {
      return page(reply, {
        status: 400,
        title: 'This link is incomplete',
        body: '<p>The address is missing its checkout reference. If you paid, your plan will still appear in AgencyIQ within a minute.</p>',
      });
    }
    const deepLink = `agencyiq://licence/success?session_id=${sessionId}`;
    const back = `<p><a class="button" href="${escapeHtml(deepLink)}">Go back to AgencyIQ</a></p>`;
    const licence = await licenceStore.findByCheckoutSession(services.db.db, sessionId);
    if (!licence || licence.status === 'pending') {
      return page(reply, {
        refresh: true,
        title: 'Payment received — go back to AgencyIQ',
        body: `<p>Thank you. We are finishing setting up your plan; this page refreshes by itself.</p>${back}`,
      });
    }
    // The session id sits in browser history (and, on Windows and Linux, in the deep link's
    // command line): the key is shown here only just after paying; then only the app shows it.
    const checkout = await checkoutStore.findBySession(services.db.db, sessionId);
    const fresh = checkout?.completed_at != null && services.clock.now() - checkout.completed_at < KEY_SHOWN_FOR_MS;
    const key = fresh
      ? `<p>Your licence key, to use the plan on another computer:</p><p><code>${escapeHtml(licence.licence_key)}</code></p>` +
        '<p>Keep it somewhere safe; AgencyIQ also shows it on the Plan page.</p>'
      : '<p>To see your licence key (to use the plan on another computer), open AgencyIQ on the computer you bought the plan from: it is on the Plan page.</p>';
    return page(reply, {
      title: 'Payment received — go back to AgencyIQ',
      body: `<p>Your plan is ready. AgencyIQ picks it up when you go back to it.</p>${back}${key}`,
    });
  });

  app.get(LICENCE_API.checkoutCancel, async (_request, reply) =>
    page(reply, {
      title: 'Checkout cancelled',
      body: '<p>Nothing was charged. You can keep drafting and choose a plan whenever you are ready.</p><p><a class="button" href="agencyiq://licence/cancelled">Go back to AgencyIQ</a></p>',
    }),
  );

  app.get(LICENCE_API.portalReturn, async (_request, reply) =>
    page(reply, {
      title: 'Billing updated — go back to AgencyIQ',
      body: '<p>AgencyIQ picks up any change to your plan when you go back to it.</p><p><a class="button" href="agencyiq://licence/portal">Go back to AgencyIQ</a></p>',
    }),
  );
}
