// Whether 32 bytes are a usable Ed25519 public key: a canonical encoding (RFC 8032 §5.1.3) of a
// point on the curve that is not of small order. Node's createPublicKey takes any 32 bytes, and
// verify() with a small-order key (the all-zero key, the identity, …) can accept signatures the
// device never made, so such keys are refused before a nonce is issued for them.

const P = 2n ** 255n - 19n;
/** The curve constant d = -121665/121666 mod p. */
const D = 37095705934669439343138083508754565189542113879843219016388785533085940283555n;
/** A square root of -1 mod p: 2^((p-1)/4). */
const SQRT_M1 = 19681161376707505956807079304988542015446066515923890162744021073123829784752n;

const mod = (a: bigint) => ((a % P) + P) % P;

function pow(base: bigint, exponent: bigint): bigint {
  let result = 1n;
  let b = mod(base);
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % P;
    b = (b * b) % P;
    e >>= 1n;
  }
  return result;
}

/**
 * The y coordinates (sign bit cleared) of the eight points of small order: the identity (1),
 * the point of order 2 (p-1), the two of order 4 (0), and the four of order 8 (two y values, each
 * with both signs of x). The same list libsodium checks (ge25519_has_small_order).
 */
const SMALL_ORDER_Y = new Set([
  0n,
  1n,
  P - 1n,
  2707385501144840649318225287225658788936804267575313519463743609750303402022n,
  55188659117513257062467267217118295137698188065244968500265048394206261417927n,
]);

/** True when `raw` is the canonical encoding of an Ed25519 point on the curve, not of small order. */
export function isUsableEd25519Point(raw: Uint8Array): boolean {
  if (raw.length !== 32) return false;
  let y = 0n;
  for (let i = 31; i >= 0; i--) y = (y << 8n) | BigInt(raw[i] ?? 0);
  const xSign = y >> 255n;
  y &= (1n << 255n) - 1n;
  if (y >= P) return false; // non-canonical: p, p+1, … encode small y twice
  if (SMALL_ORDER_Y.has(y)) return false;
  // RFC 8032 §5.1.3: recover x from x² = (y² - 1) / (d·y² + 1); no square root = not on the curve.
  const y2 = (y * y) % P;
  const u = mod(y2 - 1n);
  const v = mod(D * y2 + 1n);
  const v3 = (v * v * v) % P;
  let x = (u * v3 % P) * pow(u * ((v3 * v3 % P) * v % P), (P - 5n) / 8n) % P;
  const vx2 = (v * x % P) * x % P;
  if (vx2 !== u) {
    if (vx2 !== mod(-u)) return false;
    x = (x * SQRT_M1) % P;
  }
  // x = 0 has one encoding only: sign bit clear.
  return !(x === 0n && xSign === 1n);
}
