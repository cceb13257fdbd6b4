import { parseHex } from '../../../src/core/hex.ts';
import type { Random } from '../../../src/core/random.ts';
import { CcidReader } from '../../../src/reader/reader.ts';
import { cpuCardFromProfile, type CpuCardEmulator } from '../../../simulators/cards/cpu/index.ts';
import { pbocPurseApplication } from '../../../simulators/cards/pboc-purse/index.ts';
import { inProcessPort } from '../../../simulators/reader/in-process-port.ts';
import { READER_PROFILES } from '../../../simulators/reader/profiles.ts';
import { ReaderEmulator } from '../../../simulators/reader/reader-emulator.ts';
import { CHANGSHA, purseCardProfile, scripted } from '../../simulators/pboc-purse/support.ts';

export type Protocol = 'T=0' | 'T=1';

/** A PBOC e-purse (EP) on an emulated CPU card with `keys` and `balance` (fen), its random numbers from `random`. */
export function purseCard(protocol: Protocol, keys = CHANGSHA, random: Random = scripted(), balance = 0): CpuCardEmulator {
  const purse = pbocPurseApplication({ application: 'EP', overdraftLimit: 0, maxBalance: 0xffffffff, variant: { proveSequence: 'used' } });
  return cpuCardFromProfile(purseCardProfile(protocol, keys, balance), `purse card ${protocol}`, { random, applications: { 'pboc-purse': purse } });
}

export interface ReaderBench {
  readonly emulator: ReaderEmulator;
  readonly reader: CcidReader;
}

/**
 * An emulated reader of `profile` (ACR39U, a TPDU-level reader) with `card` in slot 0, and our host
 * Reader on it, in process. The purse card, like PBOC cards, takes GET RESPONSE in class 00 only, so
 * the host sends it so (T0GetResponseClass).
 */
export async function readerWith(card: CpuCardEmulator, profile = 'acr39u'): Promise<ReaderBench> {
  const emulator = new ReaderEmulator({ profile: READER_PROFILES[profile] });
  emulator.insert(0, card);
  const reader = await CcidReader.open(inProcessPort(emulator), { t0GetResponseClass: 'interindustry' });
  return { emulator, reader };
}

/** `80 …` as spaced or compact hex → bytes; a readable way to write APDUs in tests. */
export const apdu = (hex: string): Uint8Array => parseHex(hex);
