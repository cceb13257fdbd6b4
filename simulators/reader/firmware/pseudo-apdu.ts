/**
 * Parsing and answers shared by every memory-card firmware. The status words (`SW`, shared with the
 * host in src/reader/memory/acs-pseudo-apdu.ts) are documented in docs/reader/pseudo-apdus.md.
 */
import { InputError } from '../../../src/core/errors.ts';
import type { SynchronousCard } from '../../../src/cards/synchronous-card.ts';
import { ACS_CLA, SW } from '../../../src/reader/memory/acs-pseudo-apdu.ts';

/** The fields of a short command APDU (ISO/IEC 7816-4 §5.1). Case 4 does not occur in this family. */
export interface PseudoApdu {
  readonly cla: number;
  readonly ins: number;
  readonly p1: number;
  readonly p2: number;
  /** Command data (case 3), empty otherwise. */
  readonly data: Uint8Array;
  /** Expected length (case 2), with Le = 00 meaning 256; undefined for case 1 and 3. */
  readonly le: number | undefined;
}

/**
 * Splits an APDU into its fields. A 5-byte APDU is case 2 (the fifth byte is Le); longer ones are
 * case 3 (Lc, data). Case 3 with Lc = 0 does not exist in short form, and this family has no
 * case 4. Returns undefined when the
 * length does not fit any short case (Lc of 0, or Lc disagreeing with the bytes that follow).
 */
function parsePseudoApdu(apdu: Uint8Array): PseudoApdu | undefined {
  if (apdu.length < 4) return undefined;
  const [cla, ins, p1, p2] = [apdu[0]!, apdu[1]!, apdu[2]!, apdu[3]!];
  if (apdu.length === 4) return { cla, ins, p1, p2, data: new Uint8Array(0), le: undefined };
  if (apdu.length === 5) return { cla, ins, p1, p2, data: new Uint8Array(0), le: apdu[4] === 0 ? 256 : apdu[4]! };
  const lc = apdu[4]!;
  if (lc === 0 || apdu.length !== 5 + lc) return undefined;
  return { cla, ins, p1, p2, data: apdu.slice(5), le: undefined };
}

/** Response APDU: data followed by the status word. */
export function respond(sw: number, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const out = new Uint8Array(data.length + 2);
  out.set(data);
  out[data.length] = sw >> 8;
  out[data.length + 1] = sw & 0xff;
  return out;
}

/** One instruction's handler: gets a well-formed APDU of class FF, answers data + SW. */
export type PseudoApduHandler = (apdu: PseudoApdu) => Promise<Uint8Array>;

/**
 * The checks in the order ISO/IEC 7816-4 §5.6 lists the errors: class, then instruction, then
 * length; parameters are the handler's business. Never throws for bad input.
 */
export async function dispatchPseudoApdu(bytes: Uint8Array, handlers: Readonly<Record<number, PseudoApduHandler>>): Promise<Uint8Array> {
  if (bytes.length < 4) return respond(SW.wrongLength);
  if (bytes[0] !== ACS_CLA) return respond(SW.claNotSupported);
  const handler = handlers[bytes[1]!];
  if (!handler) return respond(SW.insNotSupported);
  const apdu = parsePseudoApdu(bytes);
  if (!apdu) return respond(SW.wrongLength);
  return handler(apdu);
}

/**
 * SELECT_CARD_TYPE `FF A4 00 00 01 tt` (ACR38x §9.3.5.1/§9.3.6.1): "powers down and up the selected
 * card … and performs a card reset". A code other than this card's answers 6A 81: the reader cannot
 * drive the inserted card as another type.
 */
export async function selectCardType(apdu: PseudoApdu, selectCode: number, card: SynchronousCard): Promise<Uint8Array> {
  if (apdu.data.length !== 1) return respond(SW.wrongLength);
  if (apdu.p1 !== 0 || apdu.p2 !== 0) return respond(SW.wrongParameters);
  if (apdu.data[0] !== selectCode) return respond(SW.functionNotSupported);
  await card.powerOff();
  await card.powerOn();
  return respond(SW.ok);
}

/** Case 2 (Le only) with an Le from `allowed`, else undefined: the caller answers 67 00. */
export function expectedLength(apdu: PseudoApdu, allowed: (le: number) => boolean): number | undefined {
  if (apdu.data.length !== 0 || apdu.le === undefined || !allowed(apdu.le)) return undefined;
  return apdu.le;
}

/** Case 3 (Lc + data) with exactly `length` bytes when given. */
export function hasData(apdu: PseudoApdu, length?: number): boolean {
  return apdu.le === undefined && apdu.data.length > 0 && (length === undefined || apdu.data.length === length);
}

/**
 * The ATR a reader reports for a synchronous card: TS 3B, T0 = 0K (K historical bytes, no interface
 * bytes, so T=0 by default), then the chip's answer as historical bytes — `3B 04 A2 13 10 91` for an
 * SLE4442 (cards_readers.md §0, pcsc-tools #46 trace through an ACR38U).
 */
export function wrapSynchronousAtr(chipAtr: Uint8Array): Uint8Array {
  if (chipAtr.length < 1 || chipAtr.length > 15) {
    throw new InputError('chip ATR', `a synchronous card answers 1..15 bytes to fit T0's K nibble, got ${chipAtr.length}`);
  }
  return Uint8Array.from([0x3b, chipAtr.length, ...chipAtr]);
}

