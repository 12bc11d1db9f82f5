/**
 * mulberry32: a tiny, fast, seedable PRNG, so a simulated stream (or a fault scenario) is the same
 * for the same seed.
 *
 * @example
 * const next = seededRandom(42);
 * next(); // 0.6011037519201636, the same on every run
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
