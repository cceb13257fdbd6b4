import { FEATURE, SLOT_ERROR } from '../../../src/reader/ccid/constants.ts';
import type { CcidClassDescriptor } from '../../../src/reader/ccid/descriptor.ts';

/** A slot's protocol parameters: bProtocolNum and abProtocolDataStructure (CCID 1.1 §6.1.7, §6.2.3). */
export interface ProtocolParameters {
  /** 0 for T=0 (5 bytes), 1 for T=1 (7 bytes). */
  readonly protocol: 0 | 1;
  readonly data: Uint8Array;
}

/** Data length of each protocol's structure (§6.1.7 tables 6.1-4, 6.1-5). */
export const PROTOCOL_DATA_LENGTH = { 0: 5, 1: 7 } as const;

/**
 * What an ATR without interface bytes implies, which is every memory card's `3B 0K …` ATR: T=0,
 * Fi = 372 / Di = 1 (bmFindexDindex 11h), direct convention, no extra guard time, WI = 10 (0Ah),
 * clock stop not supported (ISO/IEC 7816-3 §8.3 defaults; CCID §6.1.7 names 11h and 0Ah as defaults).
 */
export function defaultParameters(): ProtocolParameters {
  return { protocol: 0, data: Uint8Array.of(0x11, 0x00, 0x00, 0x0a, 0x00) };
}

/** A SetParameters the reader accepts, or the bError naming what it refuses (§6.1.7). */
export type ParameterCheck = { readonly ok: true; readonly parameters: ProtocolParameters } | { readonly ok: false; readonly error: number };

/** Message byte offsets of the checked fields: abData starts at byte 10. */
const OFFSET = { bmTCCKST: 11, bClockStop: 14, bIFSC: 15, bNadValue: 16 } as const;

export function checkSetParameters(protocolNum: number, data: Uint8Array, descriptor: CcidClassDescriptor): ParameterCheck {
  if ((protocolNum !== 0 && protocolNum !== 1) || (descriptor.dwProtocols & (1 << protocolNum)) === 0) {
    return { ok: false, error: SLOT_ERROR.badByte7 };
  }
  if (data.length !== PROTOCOL_DATA_LENGTH[protocolNum]) return { ok: false, error: SLOT_ERROR.badLength };
  // bmTCCKST0: 00h direct / 02h inverse convention; bmTCCKST1: 10h..13h (checksum bit 0, convention bit 1).
  const tcckst = data[1]!;
  if (protocolNum === 0 ? tcckst !== 0x00 && tcckst !== 0x02 : (tcckst & 0xfc) !== 0x10) return { ok: false, error: OFFSET.bmTCCKST };
  // bClockStop 00h..03h; a reader without the clock-stop feature only takes 00h (not allowed).
  const clockStop = data[4]!;
  if (clockStop > 3 || (clockStop !== 0 && (descriptor.dwFeatures & FEATURE.clockStop) === 0)) return { ok: false, error: OFFSET.bClockStop };
  if (protocolNum === 1) {
    const ifsc = data[5]!;
    if (ifsc === 0 || ifsc === 0xff) return { ok: false, error: OFFSET.bIFSC };
    if (data[6] !== 0 && (descriptor.dwFeatures & FEATURE.nadOtherThanZero) === 0) return { ok: false, error: OFFSET.bNadValue };
  }
  return { ok: true, parameters: { protocol: protocolNum, data: Uint8Array.from(data) } };
}
