import { toHex } from '../../../src/core/hex.ts';
import { attemptsLeft } from '../../../src/cards/at88-i2c/attempts-counter.ts';
import { CardMuteError, type ChipResponse } from '../../../src/cards/synchronous-card.ts';
import { fail } from '../../framework/case.ts';
import { pacOf, type Model, type Prediction } from './model.ts';

/** What the invariants compare across one step. */
export interface Snapshot {
  readonly pacs: number[];
  readonly fuses: number;
  readonly lockBytes: (number | null)[][];
}

const PAGES = [0, 1, 2, 3, 4, 5, 6, 7];

export function snapshot(m: Model): Snapshot {
  return {
    pacs: [0, 1, 2, 3].map((rp) => m.config[pacOf(rp)]!),
    fuses: m.fuses,
    // lock bytes of zones in write lock mode (WLM = 0); null when the zone is not in that mode
    lockBytes: [0, 1, 2].map((z) => PAGES.map((p) => ((m.config[0x18 + z]! & 0x04) === 0 ? m.user[z]![p * 8]! : null))),
  };
}

/**
 * Invariants after every step: an attempts counter regains attempts only through the right
 * password of its own (second pass) or a privileged configuration write; a blown fuse stays blown;
 * a write-lock bit never returns to 1 while the zone stays in write lock mode.
 */
export function checkInvariants(before: Snapshot, after: Snapshot, step: string, legitimateRise: (rp: number) => boolean): void {
  before.pacs.forEach((pac, rp) => {
    const now = after.pacs[rp]!;
    if (attemptsLeft(now) > attemptsLeft(pac) && !legitimateRise(rp)) fail(`${step}: attempts counter of rp ${rp} went up ${toHex(Uint8Array.of(pac))} -> ${toHex(Uint8Array.of(now))}`);
  });
  if ((after.fuses & ~before.fuses & 7) !== 0) fail(`${step}: a blown fuse came back (${before.fuses & 7} -> ${after.fuses & 7})`);
  before.lockBytes.forEach((zone, z) =>
    zone.forEach((lock, p) => {
      const now = after.lockBytes[z]![p];
      if (lock !== null && now !== null && now !== undefined && (now & ~lock) !== 0) fail(`${step}: write-lock bits of zone ${z} page ${p} returned to 1`);
    }),
  );
}

/** Compares the card's answer (or its silence) with the model's prediction. */
export function checkAnswer(step: string, prediction: Prediction, outcome: ChipResponse | Error): void {
  if (prediction.mute) {
    if (!(outcome instanceof CardMuteError)) fail(`${step}: expected no answer (card mute), got ${outcome instanceof Error ? outcome.message : 'an answer'}`);
    return;
  }
  if (outcome instanceof Error) fail(`${step}: expected an answer, got ${outcome.name}: ${outcome.message}`);
  if (outcome.acknowledged !== prediction.acknowledged) fail(`${step}: expected ${prediction.acknowledged ? 'ACK' : 'NACK'}, got ${outcome.acknowledged ? 'ACK' : 'NACK'}`);
  const expected = toHex(Uint8Array.from(prediction.data));
  if (toHex(outcome.data) !== expected) fail(`${step}: expected data ${expected || '(none)'}, got ${toHex(outcome.data) || '(none)'}`);
  if (outcome.busyMicros !== prediction.busyMicros) fail(`${step}: expected busy ${prediction.busyMicros} µs, got ${outcome.busyMicros} µs`);
}
