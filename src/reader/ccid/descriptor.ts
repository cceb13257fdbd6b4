import { DecodeError } from '../../core/errors.ts';
import { CCID_DESCRIPTOR_TYPE } from './constants.ts';

/**
 * The CCID class descriptor (CCID 1.1 §5.1, table 5.1-1): 54 bytes, type 0x21, in the configuration
 * descriptor after the interface descriptor. Field names follow the specification.
 */
export interface CcidClassDescriptor {
  /** BCD, e.g. 0x0110 for 1.10. */
  readonly bcdCCID: number;
  /** Highest slot index: 0 for a one-slot reader. */
  readonly bMaxSlotIndex: number;
  readonly bVoltageSupport: number;
  /** Bit 0 T=0, bit 1 T=1. */
  readonly dwProtocols: number;
  /** kHz. */
  readonly dwDefaultClock: number;
  readonly dwMaximumClock: number;
  readonly bNumClockSupported: number;
  /** bps. */
  readonly dwDataRate: number;
  readonly dwMaxDataRate: number;
  readonly bNumDataRatesSupported: number;
  readonly dwMaxIFSD: number;
  /** Bit 0 2-wire, bit 1 3-wire, bit 2 I²C (synchronous protocols, used by readers that expose them). */
  readonly dwSynchProtocols: number;
  readonly dwMechanical: number;
  readonly dwFeatures: number;
  readonly dwMaxCCIDMessageLength: number;
  readonly bClassGetResponse: number;
  readonly bClassEnvelope: number;
  readonly wLcdLayout: number;
  readonly bPINSupport: number;
  readonly bMaxCCIDBusySlots: number;
}

export const CCID_DESCRIPTOR_LENGTH = 0x36;

export function encodeClassDescriptor(d: CcidClassDescriptor): Uint8Array {
  const out = new Uint8Array(CCID_DESCRIPTOR_LENGTH);
  const view = new DataView(out.buffer);
  out[0] = CCID_DESCRIPTOR_LENGTH;
  out[1] = CCID_DESCRIPTOR_TYPE;
  view.setUint16(2, d.bcdCCID, true);
  out[4] = d.bMaxSlotIndex;
  out[5] = d.bVoltageSupport;
  view.setUint32(6, d.dwProtocols, true);
  view.setUint32(10, d.dwDefaultClock, true);
  view.setUint32(14, d.dwMaximumClock, true);
  out[18] = d.bNumClockSupported;
  view.setUint32(19, d.dwDataRate, true);
  view.setUint32(23, d.dwMaxDataRate, true);
  out[27] = d.bNumDataRatesSupported;
  view.setUint32(28, d.dwMaxIFSD, true);
  view.setUint32(32, d.dwSynchProtocols, true);
  view.setUint32(36, d.dwMechanical, true);
  view.setUint32(40, d.dwFeatures, true);
  view.setUint32(44, d.dwMaxCCIDMessageLength, true);
  out[48] = d.bClassGetResponse;
  out[49] = d.bClassEnvelope;
  view.setUint16(50, d.wLcdLayout, true);
  out[52] = d.bPINSupport;
  out[53] = d.bMaxCCIDBusySlots;
  return out;
}

export function decodeClassDescriptor(bytes: Uint8Array): CcidClassDescriptor {
  if (bytes.length < CCID_DESCRIPTOR_LENGTH || bytes[0] !== CCID_DESCRIPTOR_LENGTH || bytes[1] !== CCID_DESCRIPTOR_TYPE) {
    throw new DecodeError(`not a CCID class descriptor: expected 36 21 and 54 bytes, got ${bytes.length} bytes`, bytes);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    bcdCCID: view.getUint16(2, true),
    bMaxSlotIndex: bytes[4]!,
    bVoltageSupport: bytes[5]!,
    dwProtocols: view.getUint32(6, true),
    dwDefaultClock: view.getUint32(10, true),
    dwMaximumClock: view.getUint32(14, true),
    bNumClockSupported: bytes[18]!,
    dwDataRate: view.getUint32(19, true),
    dwMaxDataRate: view.getUint32(23, true),
    bNumDataRatesSupported: bytes[27]!,
    dwMaxIFSD: view.getUint32(28, true),
    dwSynchProtocols: view.getUint32(32, true),
    dwMechanical: view.getUint32(36, true),
    dwFeatures: view.getUint32(40, true),
    dwMaxCCIDMessageLength: view.getUint32(44, true),
    bClassGetResponse: bytes[48]!,
    bClassEnvelope: bytes[49]!,
    wLcdLayout: view.getUint16(50, true),
    bPINSupport: bytes[52]!,
    bMaxCCIDBusySlots: bytes[53]!,
  };
}
