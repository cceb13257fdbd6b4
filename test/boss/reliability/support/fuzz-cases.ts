import { encodeRequest } from '../../../../src/boss/codec/message.ts';
import type { Profile } from '../../../../src/boss/profile/types.ts';
import { concatBytes } from '../../../../src/core/hex.ts';
import { createRandom, type Random } from '../../../../src/core/random.ts';
import { baseRequest, TXCODES } from './fuzz-base.ts';
import { BODY_MUTATIONS, pick, prefix, STREAMS, type BodyMutation, type StreamMaker } from './fuzz-mutations.ts';

/**
 * How a case is sent and what the BOSS owes it [bank-interface §1]:
 * - `exchange`: one whole frame whose prefix is its body's length, on a connection kept between cases:
 *   exactly one answer;
 * - `stream`: bytes the framing cannot follow (wrong length, bad or huge prefix, random, frames back
 *   to back), then FIN: answers that decode, if any, then the close;
 * - `drop`: a frame cut short, then FIN (nothing owed but the close) or RST (nothing at all);
 * - `hold`: a frame cut short and the connection kept open: closed at the frame timeout, unanswered.
 */
export type FuzzMode = 'exchange' | 'stream' | 'drop' | 'hold';

export interface FuzzCase {
  readonly index: number;
  readonly mutation: string;
  /** TXCODE of the valid request the case was made from. */
  readonly base: string;
  readonly mode: FuzzMode;
  /** Everything written, in order. */
  readonly bytes: Uint8Array;
  /** Offsets where the writes are split (each part is its own write, a turn of the event loop apart). */
  readonly splits: readonly number[];
  /** `drop` only: reset instead of FIN. */
  readonly reset: boolean;
}

const MUTATION_TABLE = Object.entries(BODY_MUTATIONS).map(([name, [weight, mutate]]) => [[name, mutate] as const, weight] as [readonly [string, BodyMutation], number]);
const STREAM_TABLE = Object.entries(STREAMS).map(([name, [weight, make]]) => [[name, make] as const, weight] as [readonly [string, StreamMaker], number]);

/** Weight of each mode, out of 1000; `hold` is every HOLD_EVERY-th case instead (each costs a frame timeout). */
const MODE_WEIGHTS: readonly [FuzzMode, number][] = [
  ['exchange', 780],
  ['stream', 170],
  ['drop', 50],
];
export const HOLD_EVERY = 5000;

function weighted<T>(random: Random, entries: readonly [T, number][]): T {
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  let draw = random.int(0, total - 1);
  for (const [item, weight] of entries) {
    if (draw < weight) return item;
    draw -= weight;
  }
  return entries[entries.length - 1]![0];
}

function splitPoints(random: Random, length: number): number[] {
  if (length < 2 || random.int(0, 9) < 7) return [];
  const points = new Set<number>();
  for (let i = random.int(1, 3); i > 0; i--) points.add(random.int(1, length - 1));
  return [...points].sort((a, b) => a - b);
}

/** The case `index` of the run `seed`: the same pair always gives the same bytes. */
export function fuzzCase(profile: Profile, seed: number, index: number): FuzzCase {
  const random = createRandom((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 1);
  const maxBody = profile.framing.maxBody;
  const base = pick(random, TXCODES);
  const valid = encodeRequest(profile, baseRequest(random, base, index));
  const mode = index % HOLD_EVERY === HOLD_EVERY - 1 ? 'hold' : weighted(random, MODE_WEIGHTS);
  const [mutation, mutate] = weighted(random, MUTATION_TABLE);
  let body = mutate(valid, random, maxBody);
  if (body.length > maxBody) body = body.subarray(0, maxBody);
  const frame = concatBytes(prefix(body.length), body);
  if (mode === 'stream') {
    const [streamName, make] = weighted(random, STREAM_TABLE);
    const bytes = make(frame, body, random, maxBody);
    return { index, mutation: `${mutation}+${streamName}`, base, mode, bytes, splits: splitPoints(random, bytes.length), reset: false };
  }
  if (mode === 'drop' || mode === 'hold') {
    // cut inside the frame, after at least one byte: a frame started and never finished
    const bytes = frame.subarray(0, random.int(1, frame.length - 1));
    return { index, mutation: `${mutation}+cut`, base, mode, bytes, splits: splitPoints(random, bytes.length), reset: random.int(0, 1) === 0 };
  }
  return { index, mutation, base, mode, bytes: frame, splits: splitPoints(random, frame.length), reset: false };
}

/** The case for a failure message: everything needed to send the same bytes again. */
export function describeCase(fuzz: FuzzCase): string {
  const shown = fuzz.bytes.length > 400 ? `${Buffer.from(fuzz.bytes.subarray(0, 400)).toString('latin1')}... (${fuzz.bytes.length} bytes)` : Buffer.from(fuzz.bytes).toString('latin1');
  return `case ${fuzz.index} ${fuzz.mode} ${fuzz.mutation} of ${fuzz.base}${fuzz.splits.length > 0 ? ` split at ${fuzz.splits.join(',')}` : ''}${fuzz.mode === 'drop' ? (fuzz.reset ? ' then RST' : ' then FIN') : ''}: ${JSON.stringify(shown)}`;
}
