import { FakeFacebookGraph } from '../fakes/platforms/fake-facebook-graph';
import { FakeInstagramGraph } from '../fakes/platforms/fake-instagram-graph';
import { FakeLinkedInPosts } from '../fakes/platforms/fake-linkedin-posts';
import { FakeXApi } from '../fakes/platforms/fake-x-api';
import { startLicenceServer } from '../support/licence-server-harness';
import { startOAuthFakes, type OAuthFakes } from '../support/oauth-harness';
import { startAppLinkGateway } from './app-link-gateway';

export interface SandboxServices {
  /** The browser host's configuration: every remote service is one of these local ones. */
  hostEnv: Record<string, string>;
  /** What the sandbox prints about itself. */
  urls: { licenceServer: string; stripe: string; x: string; linkedin: string; facebook: string };
  /** Lets the gateways hand `agencyiq://` links to the app once it runs. */
  connectApp(app: { deliver(link: string): void }): void;
  stop(): Promise<void>;
}

/** Meta's Page tokens come from `/me/accounts` as `page-token-<page>-<user token>` in the identity fake. */
const PAGE_TOKEN = /^page-token-\d+-(.+)$/;

/**
 * Everything remote, on 127.0.0.1, as the end-to-end tests wire it: the OAuth authorization
 * servers (with consent pages a person clicks) and the networks' identity API, the real licence
 * server (relay included, and its media staging) on SQLite with the fake Stripe behind the
 * official SDK, the Facebook, Instagram, LinkedIn and X publishing fakes (which also serve the pages the "View on" links open), and the
 * app-link gateways that play the OS for `agencyiq://` links. Real time throughout.
 */
export async function startSandboxServices(): Promise<SandboxServices> {
  const stops: Array<() => Promise<void>> = [];
  let app: { deliver(link: string): void } | null = null;
  const deliver = (link: string) => {
    if (app === null) throw new Error('The app is not running yet.');
    app.deliver(link);
  };
  try {
    const oauth: OAuthFakes = await startOAuthFakes({ consentPage: true });
    stops.push(() => oauth.stop());

    const licence = await startLicenceServer({ oauthRelay: oauth.relayConfig, clock: { now: () => Date.now(), advance: () => undefined } });
    stops.push(() => licence.close());
    // Browsers reach the licence server (Stripe's return pages, the relay's callback) through a
    // gateway: its PUBLIC_URL (read at each request) names the gateway.
    const licenceView = await startAppLinkGateway({ upstream: licence.url, deliver });
    stops.push(() => licenceView.close());
    licence.config.publicUrl = licenceView.url;
    // X's consent page redirects to agencyiq://oauth/x: the browser reaches it through a gateway too.
    const xSignIn = await startAppLinkGateway({ upstream: oauth.servers.x.url, deliver });
    stops.push(() => xSignIn.close());

    // Both Meta connections post with a Page token wrapping the user token their own sign-in issued.
    const metaUserToken = (token: string) => PAGE_TOKEN.exec(token)?.[1] ?? token;
    const facebookTokens = (token: string) => oauth.servers.facebook.isIssuedAccessToken(metaUserToken(token));
    const x = await new FakeXApi({ isValidToken: (token) => oauth.servers.x.isIssuedAccessToken(token) }).start();
    stops.push(() => x.stop());
    const linkedin = await new FakeLinkedInPosts({ isValidToken: (token) => oauth.servers.linkedin.isIssuedAccessToken(token) }).start();
    stops.push(() => linkedin.stop());
    const facebook = await new FakeFacebookGraph({ isValidToken: facebookTokens }).start();
    stops.push(() => facebook.stop());
    // Instagram really fetches each picture from the licence server's staging, as Meta does.
    const instagram = await new FakeInstagramGraph({ isValidToken: (token) => oauth.servers.instagram.isIssuedAccessToken(metaUserToken(token)) || facebookTokens(token) }).start();
    stops.push(() => instagram.stop());

    return {
      hostEnv: {
        ...oauth.env,
        AGENCYIQ_OAUTH_X_AUTHORIZE_URL: `${xSignIn.url}/authorize`,
        AGENCYIQ_LICENCE_SERVER_URL: licence.url,
        AGENCYIQ_LICENCE_PUBLIC_KEY: licence.leasePublicKey,
        AGENCYIQ_PUBLISH_X_URL: x.url,
        AGENCYIQ_PUBLISH_X_WEB_URL: x.url,
        AGENCYIQ_PUBLISH_LINKEDIN_URL: linkedin.url,
        AGENCYIQ_PUBLISH_LINKEDIN_WEB_URL: linkedin.url,
        AGENCYIQ_PUBLISH_FACEBOOK_URL: facebook.graphUrl,
        AGENCYIQ_PUBLISH_FACEBOOK_WEB_URL: facebook.url,
        AGENCYIQ_PUBLISH_INSTAGRAM_URL: instagram.graphUrl,
        AGENCYIQ_PUBLISH_INSTAGRAM_UPLOAD_URL: instagram.url,
        AGENCYIQ_SANDBOX: '1',
      },
      urls: { licenceServer: licence.url, stripe: licence.fake.url, x: x.url, linkedin: linkedin.url, facebook: facebook.url },
      connectApp: (running) => {
        app = running;
      },
      stop: () => stopAll(stops),
    };
  } catch (error) {
    await stopAll(stops);
    throw error;
  }
}

/** Stops in reverse order of starting; one that fails does not keep the others running. */
async function stopAll(stops: Array<() => Promise<void>>): Promise<void> {
  for (const stop of stops.splice(0).reverse()) await stop().catch(() => undefined);
}
