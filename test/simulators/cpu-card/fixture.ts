import { parseHex, toHex } from '../../../src/core/hex.ts';
import { createRandom } from '../../../src/core/random.ts';
import { cpuCardFromProfile, type CpuCardEmulator, type CpuCardOptions } from '../../../simulators/cards/cpu/index.ts';
import type { CpuCardProfile } from '../../../simulators/cards/cpu/profile/types.ts';

/** "1PAY.SYS.DDF01" in ASCII: the PSE name PBOC and EMV cards give their MF. */
export const PSE_NAME = '31 50 41 59 2E 53 59 53 2E 44 44 46 30 31';
export const PURSE_AID = 'A0 00 00 00 03 86 98 07 01';
export const MF_AUTH_KEY = '00 11 22 33 44 55 66 77 88 99 AA BB CC DD EE FF';
/** The DES key of FIPS 81 appendix B, so INTERNAL AUTHENTICATE can be checked against its table. */
export const FIPS81_KEY = '01 23 45 67 89 AB CD EF';
export const DF_AUTH_KEY = '11 22 33 44 55 66 77 88';

/** A small card: the MF with four EFs and keys, one DF (the purse's AID) with two EFs. */
export function fixtureProfile(protocol: 'T=0' | 'T=1' = 'T=0'): CpuCardProfile {
  return {
    format: 'stbpay-cpu-profile/1',
    protocol,
    pin: { value: '12 34 56', maxTries: 3 },
    mf: {
      name: PSE_NAME,
      keys: [
        { id: 0, type: '3DES', usage: 'external-auth', version: 1, value: MF_AUTH_KEY },
        { id: 2, type: 'DES', usage: 'internal-auth', version: 1, value: FIPS81_KEY },
      ],
      files: [
        { kind: 'transparent', fid: '0001', sfi: 1, size: 16, data: '00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F', read: 'always', update: 'pin' },
        { kind: 'transparent', fid: '0002', sfi: 2, size: 8, data: 'C0 FF EE 00 C0 FF EE 00', read: 'key:0', update: 'key:0' },
        { kind: 'linear-fixed', fid: '0003', sfi: 3, recordLength: 4, recordCount: 3, records: ['AA AA AA AA', 'BB BB BB BB'], read: 'always', update: 'pin' },
        { kind: 'transparent', fid: '0004', size: 300, read: 'always', update: 'never' },
        {
          kind: 'df',
          fid: '1001',
          name: PURSE_AID,
          keys: [{ id: 1, type: 'DES', usage: 'external-auth', version: 1, value: DF_AUTH_KEY }],
          files: [
            { kind: 'transparent', fid: '0015', sfi: 21, size: 30, read: 'always', update: 'key:1' },
            { kind: 'linear-fixed', fid: '0018', sfi: 24, recordLength: 23, recordCount: 5, read: 'pin', update: 'never' },
          ],
        },
      ],
    },
  };
}

export async function poweredCard(protocol: 'T=0' | 'T=1' = 'T=0', options: CpuCardOptions = {}): Promise<CpuCardEmulator> {
  const card = cpuCardFromProfile(fixtureProfile(protocol), 'fixture', { random: createRandom(7), ...options });
  await card.powerOn();
  return card;
}

/** Sends a command written in hex; returns the response in spaced hex ("90 00"). */
export async function send(card: CpuCardEmulator, command: string): Promise<string> {
  return toHex(await card.transmit(parseHex(command)));
}

/** Sends a command and returns just the status word as hex ("6A 82"). */
export async function sw(card: CpuCardEmulator, command: string): Promise<string> {
  return (await send(card, command)).slice(-5);
}
