/** Who a finished sign-in connects as. */
export interface DiscoveredAccount {
  accountId: string;
  /** "Connected as …": @handle for X, the channel or member name elsewhere. */
  displayName: string;
  /** What else it may post as (LinkedIn organisations the member administers). */
  targets?: Array<{ id: string; name: string }>;
}

/** A Facebook Page the owner can choose, with what posting to it (or its Instagram account) needs. */
export interface PageCandidate {
  pageId: string;
  pageName: string;
  /** The Page access token (secret; stays in the core). */
  pageAccessToken: string;
  /** The connection this page would make: the Page itself, or its linked Instagram account. */
  account: DiscoveredAccount;
}

/** What discovery found: one account, or Pages to choose from (Meta). */
export type Discovery = { kind: 'account'; account: DiscoveredAccount } | { kind: 'pages'; pages: PageCandidate[] };
