import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

/**
 * Seeded randomness. Everything random in a run (card serials, nonces, fault timing) draws from one
 * Random made from the run's seed, so the seed printed by a run replays it exactly.
 */
export interface Random {
  readonly seed: number;
  /** Integer in [min, max], both included. */
  int(min: number, max: number): number;
  bytes(length: number): Uint8Array;
  /** A new independent stream, derived deterministically from this one. */
  fork(): Random;
}

class SeededRandom implements Random {
  constructor(
    readonly seed: number,
    private readonly rng: RandomGenerator,
  ) {}

  int(min: number, max: number): number {
    return uniformInt(this.rng, min, max);
  }

  bytes(length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) out[i] = uniformInt(this.rng, 0, 255);
    return out;
  }

  fork(): Random {
    return createRandom(uniformInt(this.rng, 0, 0x7fffffff));
  }
}

export function createRandom(seed: number): Random {
  return new SeededRandom(seed, xoroshiro128plus(seed));
}

/** A fresh seed for runs that were not given one; printed so the run can be replayed. */
export function newSeed(): number {
  return Math.floor(Math.random() * 0x7fffffff);
}
