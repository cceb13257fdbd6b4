import { hexByte } from '../../src/core/hex.ts';
import { PC_TO_RDR, RDR_TO_PC, RDR_TO_PC_INTERRUPT } from '../../src/reader/ccid/constants.ts';

/** A PC_to_RDR message before the link gives it a bSeq. */
export interface CcidRequest {
  readonly type: number;
  readonly slot: number;
  readonly specific?: readonly [number, number, number];
  readonly data?: Uint8Array;
}

const NAMES = new Map<number, string>([
  ...Object.entries(PC_TO_RDR).map(([name, type]) => [type, `PC_to_RDR_${name}`] as [number, string]),
  ...Object.entries(RDR_TO_PC).map(([name, type]) => [type, `RDR_to_PC_${name}`] as [number, string]),
  ...Object.entries(RDR_TO_PC_INTERRUPT).map(([name, type]) => [type, `RDR_to_PC_${name}`] as [number, string]),
]);

/** The specification's name of a message type, or its hex value for types CCID does not define. */
export function messageName(type: number): string {
  return NAMES.get(type) ?? `message type ${hexByte(type)}`;
}

/** PC_to_RDR_IccPowerOn, bPowerSelect 0 = automatic voltage selection. [CCID 1.1 §6.1.1] */
export const iccPowerOn = (slot: number, powerSelect = 0): CcidRequest => ({ type: PC_TO_RDR.IccPowerOn, slot, specific: [powerSelect, 0, 0] });
/** [CCID 1.1 §6.1.2] */
export const iccPowerOff = (slot: number): CcidRequest => ({ type: PC_TO_RDR.IccPowerOff, slot });
/** [CCID 1.1 §6.1.3] */
export const getSlotStatus = (slot: number): CcidRequest => ({ type: PC_TO_RDR.GetSlotStatus, slot });
/** PC_to_RDR_XfrBlock, bBWI 0, wLevelParameter 0 (a whole APDU or TPDU). [CCID 1.1 §6.1.4] */
export const xfrBlock = (slot: number, data: Uint8Array): CcidRequest => ({ type: PC_TO_RDR.XfrBlock, slot, data });
/** [CCID 1.1 §6.1.5] */
export const getParameters = (slot: number): CcidRequest => ({ type: PC_TO_RDR.GetParameters, slot });
/** [CCID 1.1 §6.1.6] */
export const resetParameters = (slot: number): CcidRequest => ({ type: PC_TO_RDR.ResetParameters, slot });
/** bProtocolNum 0 (T=0, 5 bytes) or 1 (T=1, 7 bytes). [CCID 1.1 §6.1.7] */
export const setParameters = (slot: number, protocol: number, data: Uint8Array): CcidRequest => ({
  type: PC_TO_RDR.SetParameters,
  slot,
  specific: [protocol, 0, 0],
  data,
});
/** Vendor command in abData. [CCID 1.1 §6.1.8] */
export const escape = (slot: number, data: Uint8Array = new Uint8Array(0)): CcidRequest => ({ type: PC_TO_RDR.Escape, slot, data });
/** The bulk half of the abort sequence. [CCID 1.1 §6.1.13, §5.3.1] */
export const abort = (slot: number): CcidRequest => ({ type: PC_TO_RDR.Abort, slot });

/** T=0 parameters to send when GetParameters gave none: Fi/Di 11, no convention flags, guard time 0, WI 10. [CCID 1.1 §6.1.7] */
export const DEFAULT_T0_PARAMETERS = Uint8Array.of(0x11, 0x00, 0x00, 0x0a, 0x00);

/** bFunction 05h of PC_to_RDR_Mechanical, "unlock card": the least a reader without mechanics could be asked. [CCID 1.1 §6.1.12] */
export const MECHANICAL_UNLOCK = 0x05;
