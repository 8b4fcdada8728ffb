/**
 * The licence server's Ed25519 public key: raw 32 bytes, base64url without padding. The app
 * verifies every lease with it, offline. Only the public half is ever committed; the private
 * key lives with the deployed licence server.
 */
export const LICENCE_PUBLIC_KEY = 'hO_tsTlegOoHLsENfANgcnH9vYr6XzYZMUAwD8Sc_i4';
