/**
 * The constants of the ACS memory-card pseudo-APDUs (ACR38x-CCID reference manual v6.04 §9.3, ACR39x
 * reference manual §8) that both ends use: the host operations in this folder, the reader firmware
 * in simulators/reader/firmware/ and the conformance suite.
 */
import type { CardType } from '../../cards/card-type.ts';

/** Every memory-card pseudo-APDU has class FF. */
export const ACS_CLA = 0xff;

/**
 * The card-type code of SELECT_CARD_TYPE `FF A4 00 00 01 tt` [ACR38x §9.3.x.1]. 09 and 0A are the
 * extended codes of libzhouyb (cards_readers.md §2.1).
 */
export const ACS_SELECT_CODE: Readonly<Record<CardType, number>> = {
  /** SLE4432/4442/5532/5542 [ACR38x §9.3.6.1; ACR39x §8.4.1]. */
  SLE4442: 0x06,
  /** SLE4418/4428/5518/5528 [ACR38x §9.3.5.1; ACR39x §8.3.1]. */
  SLE4428: 0x05,
  /** Selecting it also selects the 8-byte page write [ACR38x §9.3.3.1]. */
  AT88SC153: 0x03,
  /** Selecting it also selects the 16-byte page write [ACR38x §9.3.4.1]. */
  AT88SC1608: 0x04,
  /** The AT88SC101/102/1003 command set [ACR38x §9.3.9]. */
  AT88SC102: 0x09,
  /** Only in libzhouyb's enum; ACS publishes no AT88SC1604 command set. */
  AT88SC1604: 0x0a,
};

/**
 * The status words of the family.
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
  /** 63 00: no more retries — ACS's answer for a locked AT88SC101/102/1003 code (ACR38x §9.3.9.6–7). */
  noMoreRetries: 0x6300,
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
