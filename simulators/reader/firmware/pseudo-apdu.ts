/**
 * Parsing and status words shared by every memory-card firmware.
 *
 * ACS documents only 90 00 (and 90 <counter> for PRESENT_CODE) for memory cards
 * (cards_readers.md §2.1, §8). The error status words below are chosen from ISO/IEC 7816-4 §5.6
 * and documented in docs/reader/pseudo-apdus.md, so that every refusal is distinguishable.
 */
export const SW = {
  ok: 0x9000,
  /** 65 81: memory failure — the card did not take the write (protected byte, code not presented). */
  memoryFailure: 0x6581,
  /** 67 00: Lc or Le does not fit the command. */
  wrongLength: 0x6700,
  /** 69 83: the code is locked (no attempt left); the reader does not present it. */
  codeLocked: 0x6983,
  /** 69 85: conditions not satisfied, e.g. CHANGE_CODE before the code was presented. */
  conditionsNotSatisfied: 0x6985,
  /** 6A 81: function not supported, e.g. SELECT_CARD_TYPE of a type other than the inserted card. */
  functionNotSupported: 0x6a81,
  /** 6B 00: P1-P2 wrong: the address or zone is outside the card. */
  wrongParameters: 0x6b00,
  /** 6D 00: INS not supported for this card type. */
  insNotSupported: 0x6d00,
  /** 6E 00: CLA not supported: memory cards only take class FF. */
  claNotSupported: 0x6e00,
  /** 6F 00: no precise diagnosis: the card stopped acknowledging. */
  noPreciseDiagnosis: 0x6f00,
} as const;

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
export function parsePseudoApdu(apdu: Uint8Array): PseudoApdu | undefined {
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
