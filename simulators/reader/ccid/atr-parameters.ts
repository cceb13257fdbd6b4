import { atrInterface } from '../../../src/reader/host/atr-protocol.ts';
import { defaultParameters, type ProtocolParameters } from './parameters.ts';

/** ISO/IEC 7816-3 defaults when the ATR leaves a value out. */
const DEFAULT = {
  /** TA1 absent: Fi = 372, Di = 1 (§8.3). */
  fiDi: 0x11,
  /** TC1 absent: no extra guard time. */
  guardTime: 0x00,
  /** TC2 absent: WI = 10 (§10.2). */
  waitingInteger: 0x0a,
  /** First TA for T=1 absent: IFSC = 32 (§11.4.2). */
  ifsc: 0x20,
  /** First TB for T=1 absent: BWI = 4, CWI = 13 (§11.4.3). */
  t1Waiting: 0x4d,
} as const;

/**
 * The protocol parameters a reader sets after a card's ATR (CCID 1.1 §6.1.7, tables 6.1-4 and
 * 6.1-5): the first offered protocol (T of TD1, T=0 without it), TA1's Fi/Di, TC1's guard time, and
 * for T=0 TC2's WI; for T=1 the IFSC and BWI/CWI of the first TA and TB for T=1 (TA3, TB3 when TD2
 * names T=1), LRC and the convention of TS. A memory card's `3B 0K …` ATR has no interface bytes,
 * so it gets the T=0 defaults; an ATR that cannot be read, too.
 */
export function parametersFromAtr(atr: Uint8Array): ProtocolParameters {
  const parsed = atrInterface(atr);
  if (!parsed) return defaultParameters();
  const [first, second] = parsed.groups;
  const fiDi = first?.ta ?? DEFAULT.fiDi;
  const guardTime = first?.tc ?? DEFAULT.guardTime;
  if (parsed.protocol !== 1) {
    // bmTCCKST0: bit 1 is the convention (inverse).
    return { protocol: 0, data: Uint8Array.of(fiDi, parsed.inverse ? 0x02 : 0x00, guardTime, second?.tc ?? DEFAULT.waitingInteger, 0x00) };
  }
  // The bytes for T=1 are those of the first group i ≥ 3 that follows a TD(i-1) naming T=1 (§8.2.3);
  // groups[n] holds group n + 1.
  const t1Index = parsed.groups.findIndex((_, n) => n >= 2 && parsed.groups[n - 1]?.nextProtocol === 1);
  const t1 = t1Index >= 0 ? parsed.groups[t1Index] : undefined;
  // bmTCCKST1: 10h, bit 0 the checksum (TC for T=1 bit 0: CRC), bit 1 the convention.
  const tcckst = 0x10 | ((t1?.tc ?? 0) & 0x01) | (parsed.inverse ? 0x02 : 0x00);
  return {
    protocol: 1,
    data: Uint8Array.of(fiDi, tcckst, guardTime, t1?.tb ?? DEFAULT.t1Waiting, 0x00, t1?.ta ?? DEFAULT.ifsc, 0x00),
  };
}
