/**
 * RFC 9207 §2.4: when the authorization response names its issuer (`iss`), it must be exactly
 * the issuer of the server the sign-in was sent to (simple string comparison), or the response
 * is refused — it may come from another server the owner also uses (a "mix-up" attack).
 * An answer without `iss`, or for a provider whose issuer is not known, cannot be checked and
 * is judged by `state` and PKCE alone, as before.
 */
export function issuerMatches(expected: string | null, received: string | null): boolean {
  return expected === null || received === null || received === expected;
}
