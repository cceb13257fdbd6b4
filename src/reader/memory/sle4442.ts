/**
 * An SLE4442 in a reader that speaks the ACS memory-card pseudo-APDUs (ACR38x-CCID reference manual
 * v6.04 §9.3.6, ACR39x §8.4), over any ApduChannel. Every answer but 90 00 (and PRESENT_CODE's
 * 90 EC) throws ApduError with the response bytes; the PSC is presented through guardPresentation.
 */
import { hexByte } from '../../core/hex.ts';
import {
  ERROR_COUNTER_MASK,
  MAIN_MEMORY_SIZE,
  PROTECTED_AREA_SIZE,
  PROTECTION_MEMORY_SIZE,
  PSC_LENGTH,
  SECURITY_MEMORY_SIZE,
  attemptsLeft,
} from '../../cards/sle4442/commands.ts';
import { ApduError, commandApdu, expectOk, type ApduChannel } from '../apdu.ts';
import { ACS_CLA } from './acs-pseudo-apdu.ts';
import type { PresentOptions } from './code-guard.ts';
import { readErrorCounter as readCounter, type ErrorCounterStatus } from './error-counter.ts';
import { changeSlePsc, presentSlePsc, type SlePscCard } from './present-code.ts';
import { decodeProtectionBits, type ProtectionMap } from './protection-map.ts';
import { checkRange, expectWritten, readInChunks, selectCardType, writeInChunks, type TransferOptions } from './transfer.ts';

export type { ProtectionMap } from './protection-map.ts';
export type { TransferOptions } from './transfer.ts';
export type { ErrorCounterStatus } from './error-counter.ts';

/** READ_PRESENTATION_ERROR_COUNTER `FF B1 00 00 04` → EC + 3 bytes [ACR38x §9.3.6.3]; CHANGE_CODE_MEMORY_CARD [§9.3.6.8]. */
const PSC_CARD: SlePscCard = {
  part: 'SLE4442',
  pscLength: PSC_LENGTH,
  errorCounter: { length: SECURITY_MEMORY_SIZE, maxCounter: ERROR_COUNTER_MASK, attemptsLeft },
  changeCommand: 'CHANGE_CODE_MEMORY_CARD',
};

const MAIN_MEMORY = { size: MAIN_MEMORY_SIZE, name: 'SLE4442 main memory' } as const;
const mainAddress = (address: number): [number, number] => [0x00, address];

/** SELECT_CARD_TYPE `FF A4 00 00 01 06`: the reader power-cycles the card and drives it as an SLE4442. */
export async function selectSle4442(channel: ApduChannel): Promise<void> {
  await selectCardType(channel, 'SLE4442');
}

/** READ_MEMORY_CARD `FF B0 00 aa LL`, as many as needed of at most `maxReadLength` bytes each. [ACR38x §9.3.6.2] */
export async function readMain(channel: ApduChannel, address: number, length: number, options: TransferOptions = {}): Promise<Uint8Array> {
  return readInChunks(channel, { ins: 0xb0, address, length, area: MAIN_MEMORY, encode: mainAddress }, options);
}

/**
 * WRITE_MEMORY_CARD `FF D0 00 aa LL data` in chunks of at most `maxWriteLength`. Needs the PSC
 * presented in this power session; a refused write (65 81 from our reader) throws ApduError.
 */
export async function writeMain(channel: ApduChannel, address: number, data: Uint8Array, options: TransferOptions = {}): Promise<void> {
  await writeInChunks(channel, { ins: 0xd0, address, data, area: MAIN_MEMORY, encode: mainAddress }, options);
}

/** READ_PRESENTATION_ERROR_COUNTER `FF B1 00 00 04` → EC + 3 bytes. [ACR38x §9.3.6.3] */
export async function readErrorCounter(channel: ApduChannel): Promise<ErrorCounterStatus> {
  return readCounter(channel, PSC_CARD.errorCounter);
}

/** READ_PROTECTION_BITS `FF B2 00 00 04`: bytes 0..31, bit 0 of PROT1 = byte 0, 0 = protected. [ACR38x §9.3.6.4] */
export async function readProtection(channel: ApduChannel): Promise<ProtectionMap> {
  const response = await channel.transmit(commandApdu(ACS_CLA, 0xb2, 0, 0, undefined, PROTECTION_MEMORY_SIZE));
  const bits = expectOk(response, 'READ_PROTECTION_BITS');
  if (bits.length !== PROTECTION_MEMORY_SIZE) {
    throw new ApduError(`READ_PROTECTION_BITS: expected ${PROTECTION_MEMORY_SIZE} bytes, got ${bits.length}`, response);
  }
  return decodeProtectionBits(bits, 0, PROTECTED_AREA_SIZE);
}

/**
 * WRITE_PROTECTION_MEMORY_CARD `FF D1 00 aa LL data` (aa..aa+LL-1 within 00..1F): the card protects
 * each byte that holds the given value, for good. [ACR38x §9.3.6.6] Needs the PSC presented.
 */
export async function protect(channel: ApduChannel, address: number, data: Uint8Array): Promise<void> {
  checkRange(address, data.length, PROTECTED_AREA_SIZE, 'SLE4442 protected area');
  expectWritten(await channel.transmit(commandApdu(ACS_CLA, 0xd1, 0, address, data)), `WRITE_PROTECTION_MEMORY_CARD at ${hexByte(address)}`);
}

/**
 * PRESENT_CODE_MEMORY_CARD `FF 20 00 00 03 psc` [ACR38x §9.3.6.7]. Reads the counter first and
 * sends nothing at 0 attempts (ReaderCodeLockedError) or at 1 without `insist` (LastAttemptRefusedError).
 * Returns the attempts left (3 after a correct code); throws WrongCodeError on a wrong one.
 */
export async function presentPsc(channel: ApduChannel, psc: Uint8Array, options: PresentOptions = {}): Promise<number> {
  return presentSlePsc(channel, PSC_CARD, psc, options);
}

/** CHANGE_CODE_MEMORY_CARD `FF D2 00 01 03 psc`; the current PSC must have been presented in this session. [ACR38x §9.3.6.8] */
export async function changePsc(channel: ApduChannel, newPsc: Uint8Array): Promise<void> {
  await changeSlePsc(channel, PSC_CARD, newPsc);
}
