/**
 * The publish bench's network: a seeded sequence of answer delays, lognormal with a median of
 * 120 ms, clipped to 50–300 ms. The fakes draw from it in the order requests arrive, a fresh
 * sequence per run, so the engine and the bare loop meet the same latencies in the same order;
 * the bench computes the ideal schedule from it too.
 */
export const LATENCY_SEED = 0x1a7e_2026;
const MEDIAN_MS = 120;
const SIGMA = 0.45;
const MIN_MS = 50;
const MAX_MS = 300;

export function latencySequence(seed = LATENCY_SEED): () => number {
  let a = seed >>> 0;
  // mulberry32
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 1) / 4294967297;
  };
  return () => {
    // Box–Muller: one standard normal from two uniforms.
    const normal = Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
    return Math.min(MAX_MS, Math.max(MIN_MS, MEDIAN_MS * Math.exp(SIGMA * normal)));
  };
}

/** The first `count` delays of the sequence. */
export function latencies(count: number, seed = LATENCY_SEED): number[] {
  const next = latencySequence(seed);
  return Array.from({ length: count }, next);
}

/**
 * When each request would end if nothing but the network cost time: `concurrency` slots, each
 * request starting the moment a slot frees, in order. Offsets from the first start, in ms.
 */
export function idealCompletions(delays: readonly number[], concurrency: number): number[] {
  const slots = Array.from({ length: concurrency }, () => 0);
  return delays.map((delay) => {
    let soonest = 0;
    for (let i = 1; i < slots.length; i++) if (slots[i]! < slots[soonest]!) soonest = i;
    slots[soonest]! += delay;
    return slots[soonest]!;
  });
}
