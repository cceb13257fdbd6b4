/**
 * An SLE4428 in a reader that speaks the ACS memory-card pseudo-APDUs (ACR38x-CCID reference manual
 * v6.04 §9.3.5, ACR39x §8.3), over any ApduChannel. Addresses are 10 bits: P1 = 0000 00 A9 A8,
 * P2 = A7..A0. Every answer but 90 00 (and PRESENT_CODE's 90 EC) throws ApduError with the bytes.
 */
import { hexByte } from '../../core/hex.ts';
import { ERROR_COUNTER_FULL, PSC_LENGTH, SLE4428_SIZE, attemptsLeft } from '../../cards/sle4428/commands.ts';
import { ApduError, commandApdu, expectOk, type ApduChannel } from '../apdu.ts';
import { ACS_CLA } from './acs-pseudo-apdu.ts';
import type { PresentOptions } from './code-guard.ts';
import { readErrorCounter as readCounter, type ErrorCounterStatus } from './error-counter.ts';
import { changeSlePsc, presentSlePsc, type SlePscCard } from './present-code.ts';
import { decodeProtectionBits, protectionMap, type ProtectionMap } from './protection-map.ts';
import { checkRange, readInChunks, selectCardType, writeInChunks, type TransferOptions } from './transfer.ts';

export type { ProtectionMap } from './protection-map.ts';
export type { TransferOptions } from './transfer.ts';
export type { ErrorCounterStatus } from './error-counter.ts';

/** READ_PRESENTATION_ERROR_COUNTER answers EC + 2 bytes [ACR38x §9.3.5.3]; EC FF = all 8 attempts left. */
const PSC_CARD: SlePscCard = {
  part: 'SLE4428',
  pscLength: PSC_LENGTH,
  errorCounter: { length: 3, maxCounter: ERROR_COUNTER_FULL, attemptsLeft },
  changeCommand: 'CHANGE_CODE',
};
/** READ_PROTECTION_BIT reads at most 32 PROT bytes = 256 addresses. [ACR38x §9.3.5.4] */
const MAX_PROTECTION_BYTES = 32;

const MEMORY = { size: SLE4428_SIZE, name: 'SLE4428 memory' } as const;
const tenBitAddress = (address: number): [number, number] => [address >> 8, address & 0xff];

/** SELECT_CARD_TYPE `FF A4 00 00 01 05`: the reader power-cycles the card and drives it as an SLE4428. */
export async function selectSle4428(channel: ApduChannel): Promise<void> {
  await selectCardType(channel, 'SLE4428');
}

/** READ_MEMORY_CARD `FF B0 a9a8 a7..a0 LL`, in reads of at most `maxReadLength` bytes. [ACR38x §9.3.5.2] */
export async function readMain(channel: ApduChannel, address: number, length: number, options: TransferOptions = {}): Promise<Uint8Array> {
  return readInChunks(channel, { ins: 0xb0, address, length, area: MEMORY, encode: tenBitAddress }, options);
}

/** WRITE_MEMORY_CARD `FF D0 a9a8 a7..a0 LL data` in chunks; needs the PSC presented. [ACR38x §9.3.5.5] */
export async function writeMain(channel: ApduChannel, address: number, data: Uint8Array, options: TransferOptions = {}): Promise<void> {
  await writeInChunks(channel, { ins: 0xd0, address, data, area: MEMORY, encode: tenBitAddress }, options);
}

/** READ_PRESENTATION_ERROR_COUNTER `FF B1 00 00 03` → EC + 2 bytes. [ACR38x §9.3.5.3] */
export async function readErrorCounter(channel: ApduChannel): Promise<ErrorCounterStatus> {
  return readCounter(channel, PSC_CARD.errorCounter);
}

/**
 * READ_PROTECTION_BIT `FF B2 a9a8 a7..a0 LL` for `length` addresses from `address`. The command reads
 * whole PROT bytes (8 addresses each, at most 32 per command) [ACR38x §9.3.5.4]; a read that would
 * run past 3FF starts lower instead, and only the addresses asked for are kept.
 */
export async function readProtection(channel: ApduChannel, address: number, length: number): Promise<ProtectionMap> {
  checkRange(address, length, MEMORY.size, MEMORY.name);
  const end = address + length;
  const byAddress = new Map<number, boolean>();
  for (let cursor = address; cursor < end; ) {
    const count = Math.min(MAX_PROTECTION_BYTES, Math.ceil((end - cursor) / 8));
    const from = Math.min(cursor, SLE4428_SIZE - count * 8);
    const [p1, p2] = tenBitAddress(from);
    const response = await channel.transmit(commandApdu(ACS_CLA, 0xb2, p1, p2, undefined, count));
    const bits = expectOk(response, `READ_PROTECTION_BIT at ${hexByte(p1)}${hexByte(p2)}`);
    if (bits.length !== count) throw new ApduError(`READ_PROTECTION_BIT asked for ${count} bytes, got ${bits.length}`, response);
    for (const [a, isProtected] of decodeProtectionBits(bits, from, count * 8).byAddress) {
      if (a >= address && a < end) byAddress.set(a, isProtected);
    }
    cursor = from + count * 8;
  }
  return protectionMap(byAddress);
}

/**
 * WRITE_PROTECTION_MEMORY_CARD `FF D1 a9a8 a7..a0 LL data`: each byte holding the given value is
 * protected for good. [ACR38x §9.3.5.6] Needs the PSC presented.
 */
export async function protect(channel: ApduChannel, address: number, data: Uint8Array, options: TransferOptions = {}): Promise<void> {
  await writeInChunks(channel, { ins: 0xd1, address, data, area: MEMORY, encode: tenBitAddress }, options);
}

/**
 * PRESENT_CODE_MEMORY_CARD `FF 20 00 00 02 psc` [ACR38x §9.3.5.7]. Reads the counter first and
 * sends nothing at 0 attempts (ReaderCodeLockedError) or at 1 without `insist` (LastAttemptRefusedError).
 * Returns the attempts left (8 after a correct code); throws WrongCodeError on a wrong one.
 */
export async function presentPsc(channel: ApduChannel, psc: Uint8Array, options: PresentOptions = {}): Promise<number> {
  return presentSlePsc(channel, PSC_CARD, psc, options);
}

/**
 * CHANGE_CODE `FF D2 00 01 02 psc`: the SLE4442 command of the ACS manuals (§9.3.6.8), which our
 * reader also takes for the SLE4428; ACS documents none for this card, where writing 3FE–3FF with
 * writeMain does the same on any reader (but cannot tell a refused 00 00 from a taken one).
 */
export async function changePsc(channel: ApduChannel, newPsc: Uint8Array): Promise<void> {
  await changeSlePsc(channel, PSC_CARD, newPsc);
}
