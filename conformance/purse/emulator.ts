import { toHex } from '../../src/core/hex.ts';
import { createRandom } from '../../src/core/random.ts';
import type { TransmissionProtocol } from '../../src/cards/cpu/cpu-card.ts';
import { cpuCardFromProfile } from '../../simulators/cards/cpu/index.ts';
import type { CpuCardProfile } from '../../simulators/cards/cpu/profile/types.ts';
import { pbocPurseApplication, PURSE_DATA_SIZE } from '../../simulators/cards/pboc-purse/index.ts';
import type { PurseCardKeys } from './keys.ts';
import type { PurseTarget } from './target.ts';

/**
 * The CPU card emulator personalised by the suite as a purse card with the given keys: the MF, the
 * purse DF (FID 1001, the keys' AID) with its keys, the purse data EF 0002 and the transaction log
 * (linear fixed, 10 records of 23 bytes, the keys' SFI). Empty purse, no overdraft; its random numbers
 * come from the seed, so a run replays.
 */
export function purseCardProfile(protocol: TransmissionProtocol, keys: PurseCardKeys): CpuCardProfile {
  return {
    format: 'stbpay-cpu-profile/1',
    protocol,
    mf: {
      files: [
        {
          kind: 'df',
          fid: '1001',
          name: toHex(keys.aid),
          application: 'pboc-purse',
          keys: [
            { id: keys.loadKeyIndex, type: '3DES', usage: 'load', version: 1, value: toHex(keys.dlk) },
            { id: keys.purchaseKeyIndex, type: '3DES', usage: 'purchase', version: 1, value: toHex(keys.dpk) },
            { id: 0, type: '3DES', usage: 'tac', version: 1, value: toHex(keys.dtk) },
          ],
          files: [
            { kind: 'transparent', fid: '0002', size: PURSE_DATA_SIZE, read: 'never', update: 'never' },
            { kind: 'linear-fixed', fid: '0018', sfi: keys.logSfi, recordLength: 23, recordCount: 10, read: 'always', update: 'never' },
          ],
        },
      ],
    },
  };
}

/** A fresh emulated purse card as a suite target, with the power-loss fault the emulator offers. */
export function emulatorPurseTarget(protocol: TransmissionProtocol, keys: PurseCardKeys, seed: number): PurseTarget {
  const application = pbocPurseApplication({ application: keys.application, overdraftLimit: 0, maxBalance: 0xffffffff, variant: { proveSequence: keys.proveSequence } });
  const card = cpuCardFromProfile(purseCardProfile(protocol, keys), `purse card (${protocol})`, { random: createRandom(seed), applications: { 'pboc-purse': application } });
  return { card, keys, powerCut: { after: (bytes) => card.faults.powerLossAfter(bytes), clear: () => card.faults.clear() } };
}
