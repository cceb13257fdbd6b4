import type { CpuCard } from '../../src/cards/cpu/cpu-card.ts';
import { toHex } from '../../src/core/hex.ts';
import type { ConformanceCase } from '../framework/case.ts';
import type { TargetIdentity } from '../framework/report.ts';
import type { TargetBinding } from '../framework/runner.ts';
import type { PurseCardKeys } from './keys.ts';

/** Capabilities a purse target may offer; cases name the ones they need in `requires`. */
export const PURSE_CAPABILITY = {
  /** The card runs T=0 (61xx and GET RESPONSE) [ISO/IEC 7816-3 §10.3.4]. */
  t0: 'T=0',
  /** The card runs T=1 (data straight back). */
  t1: 'T=1',
  /** The suite can cut the power in the middle of a command: emulators only. */
  powerLoss: 'power-loss',
} as const;

/** Cuts the card's power after a number of bytes of its memory were written (the emulator's fault). */
export interface PowerCutter {
  after(bytes: number): void;
  clear(): void;
}

/**
 * A card with the PBOC purse application, as the suite drives it: an APDU channel (power on, ATR,
 * transmit), the card's keys (the suite computes MAC2 for a load and MAC1 for a purchase, and checks
 * MAC1, MAC2 and TAC), and what the card is known to do where real cards differ.
 */
export interface PurseTarget {
  readonly card: CpuCard;
  readonly keys: PurseCardKeys;
  /** Present for an emulator: power loss during a command. */
  readonly powerCut?: PowerCutter;
}

/** Binds a purse card to the suite's cases; its protocol and power-loss fault are its capabilities. */
export function purseBinding(target: PurseTarget, cases: readonly ConformanceCase<PurseTarget>[], identity: TargetIdentity): TargetBinding<PurseTarget> {
  const capabilities = new Set<string>([target.card.protocol]);
  if (target.powerCut) capabilities.add(PURSE_CAPABILITY.powerLoss);
  return {
    identity: { ...identity, details: { protocol: target.card.protocol, AID: toHex(target.keys.aid), application: target.keys.application, ...identity.details } },
    capabilities,
    target,
    cases,
  };
}
