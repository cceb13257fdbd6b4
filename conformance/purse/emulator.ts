import { createRandom } from '../../src/core/random.ts';
import type { TransmissionProtocol } from '../../src/cards/cpu/cpu-card.ts';
import { cpuCardFromProfile } from '../../simulators/cards/cpu/index.ts';
import { pbocPurseApplication, purseCardProfile } from '../../simulators/cards/pboc-purse/index.ts';
import type { PurseCardKeys } from './keys.ts';
import type { PurseTarget } from './target.ts';

/** A fresh emulated purse card as a suite target, with the power-loss fault the emulator offers. */
export function emulatorPurseTarget(protocol: TransmissionProtocol, keys: PurseCardKeys, seed: number): PurseTarget {
  const application = pbocPurseApplication({ application: keys.application, overdraftLimit: 0, maxBalance: 0xffffffff, variant: { proveSequence: keys.proveSequence } });
  // the MF and the purse DF (1001, the keys' AID) with its keys, data EF and log: an empty purse; its
  // random numbers come from the seed, so a run replays
  const profile = purseCardProfile({ protocol, ...keys });
  const card = cpuCardFromProfile(profile, `purse card (${protocol})`, { random: createRandom(seed), applications: { 'pboc-purse': application } });
  return { card, keys, powerCut: { after: (bytes) => card.faults.powerLossAfter(bytes), clear: () => card.faults.clear() } };
}
