import { parseHex } from '../../../src/core/hex.ts';
import { createRandom, type Random } from '../../../src/core/random.ts';
import type { CpuCardProfile } from '../../../simulators/cards/cpu/profile/types.ts';
import { purseCardProfile as personalise } from '../../../simulators/cards/pboc-purse/index.ts';
import { EMPTY_PURSE, PbocPurse, type PurseAnswer, type PurseHost, type PurseProfile, type PurseState } from '../../../simulators/cards/pboc-purse/index.ts';

/** The Changsha metro card's card-level keys (psam_hsm.md §1.8 A: ConardLKL/ChangSha@2c2754fc t1_initAndActive.py). */
export const CHANGSHA = {
  dlk: parseHex('374598B5C0B0EAE1E1D06609AC5BB369'),
  dpk: parseHex('A338D92A10C8285411E761445C831C22'),
  dtk: parseHex('CAA6025290114BFCC3C9043F70F7A07A'),
};

export function profileWith(keys: { dlk: Uint8Array; dpk: Uint8Array; dtk: Uint8Array }, overrides: Partial<PurseProfile> = {}): PurseProfile {
  return {
    application: 'EP',
    loadKeys: [{ index: 1, version: 1, algorithm: 0, value: keys.dlk }],
    purchaseKeys: [{ index: 1, version: 1, algorithm: 0, value: keys.dpk }],
    tacKey: keys.dtk,
    overdraftLimit: 0,
    maxBalance: 0xffffffff,
    logSize: 10,
    variant: { proveSequence: 'used' },
    ...overrides,
  };
}

/** What a power loss does to a commit: `before` nothing is written; `after` it is written but the answer is lost. */
export type PowerLoss = 'before' | 'after' | undefined;

export class PowerLossError extends Error {}

/** A purse on a card whose memory is a variable, with the random numbers and power losses a test stages. */
export class PurseOnCard {
  state: PurseState;
  readonly randoms: Uint8Array[] = [];
  powerLoss: PowerLoss;
  readonly purse: PbocPurse;

  constructor(readonly profile: PurseProfile, state: PurseState = EMPTY_PURSE) {
    this.state = state;
    const host: PurseHost = {
      profile,
      state: () => this.state,
      commit: (next) => {
        const loss = this.powerLoss;
        this.powerLoss = undefined;
        if (loss === 'before') throw new PowerLossError('power lost before the write');
        this.state = next;
        if (loss === 'after') throw new PowerLossError('power lost after the write');
      },
      random: () => this.randoms.shift() ?? Uint8Array.of(0x12, 0x34, 0x56, 0x78),
    };
    this.purse = new PbocPurse(host);
  }

  /** Sends `80 …` as hex; undefined when the purse leaves it to the card; throws PowerLossError when the power went. */
  send(apdu: string): PurseAnswer | undefined {
    const bytes = parseHex(apdu);
    return this.purse.handle({ cla: bytes[0]!, ins: bytes[1]!, p1: bytes[2]!, p2: bytes[3]!, data: bytes.length > 5 ? bytes.slice(5, 5 + bytes[4]!) : new Uint8Array(0) });
  }
}

export const AID = 'A0 00 00 00 03 86 98 07 01';

/** A PBOC purse card with these keys (the Changsha card's unless given) and balance, under `protocol`. */
export function purseCardProfile(protocol: 'T=0' | 'T=1', keys = CHANGSHA, balance = 0): CpuCardProfile {
  return personalise({ protocol, aid: parseHex(AID), ...keys, balance });
}

/** A Random whose `bytes` hands out the values a transcript needs, then seeded ones. */
export function scripted(...values: string[]): Random {
  const rest = createRandom(3);
  return { seed: 3, int: (min, max) => rest.int(min, max), fork: () => rest.fork(), bytes: (length) => (values.length > 0 ? parseHex(values.shift()!) : rest.bytes(length)) };
}

