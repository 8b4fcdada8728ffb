/**
 * The production licence server's Ed25519 public key: raw 32 bytes, base64url. The app verifies
 * every lease with it, offline. Its private key lives only with the production server's
 * configuration (LICENCE_SIGNING_KEY), never in this repository; make a new pair with
 * `npm run licence-server -- keygen <file>`. Tests sign with key pairs they generate themselves
 * and pass their public key in through configuration.
 */
export const LICENCE_PUBLIC_KEY = 'l6PkVPS96mSgXGyIjNdQnbkcYPYzfqpmwQyKKJ90C_I';
