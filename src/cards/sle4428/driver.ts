import { InputError } from '../../core/errors.ts';
import { bytesEqual } from '../../core/hex.ts';
import type { SynchronousCard } from '../synchronous-card.ts';
import {
  ERROR_COUNTER_ADDRESS,
  ERROR_COUNTER_FULL,
  PSC_ADDRESS,
  PSC_LENGTH,
  SLE4428_SIZE,
  attemptsLeft,
  comparePscByte,
  eraseErrorCounter,
  protectWithCompareByte,
  readMain,
  readWithProtection,
  splitProtectedRead,
  writeAndProtectByte,
  writeByte,
  writeErrorCounter,
} from './commands.ts';
import { CardLockedError, LastAttemptError, PscFormatError, PscProcedureError, WriteRefusedError } from './errors.ts';

/**
 * The host side of an SLE4428 at chip level: what a reader's firmware does with the card. Every
 * write is read back, because the chip gives no status: a refused write simply leaves the byte
 * as it was [IS23SC4428 "the write/erase operation will have no effect"].
 */
export interface PscResult {
  readonly verified: boolean;
  /** Attempts left after the procedure (8 after a correct code). */
  readonly attemptsLeft: number;
}

export async function readErrorCounter(card: SynchronousCard): Promise<number> {
  const response = await card.execute(readMain(ERROR_COUNTER_ADDRESS, 1));
  return response.data[0] ?? 0;
}

/**
 * The PSC procedure [ACR38 §9.3.5; sqf-ice sle4428.c verification]: write one 1 bit of the error
 * counter to 0, compare both PSC bytes, erase the counter (possible only after a correct
 * comparison), read it back: FF means verified.
 */
export async function presentPsc(card: SynchronousCard, psc: Uint8Array, options: { insist?: boolean } = {}): Promise<PscResult> {
  if (psc.length !== PSC_LENGTH) throw new PscFormatError(psc);
  const before = await readErrorCounter(card);
  if (before === 0) throw new CardLockedError(before);
  if (attemptsLeft(before) === 1 && !options.insist) throw new LastAttemptError(before);
  const freeBit = before & -before; // lowest 1 bit
  // the sequence runs without reads in between, exactly as the drivers cited above clock it
  await card.execute(writeErrorCounter(before & ~freeBit & 0xff));
  await card.execute(comparePscByte(0, psc[0] ?? 0));
  await card.execute(comparePscByte(1, psc[1] ?? 0));
  await card.execute(eraseErrorCounter());
  // counter and PSC in one read: the PSC reads back only after a verification [yktchina §6], so a
  // counter at FF from a card that ignored the bit write is not taken for success
  const [final = 0, ...shown] = (await card.execute(readMain(ERROR_COUNTER_ADDRESS, 1 + PSC_LENGTH))).data;
  if (final === ERROR_COUNTER_FULL && bytesEqual(Uint8Array.from(shown), psc)) return { verified: true, attemptsLeft: attemptsLeft(final) };
  if (final === before) throw new PscProcedureError('the error counter did not change: the card took no attempt', before, final);
  return { verified: false, attemptsLeft: attemptsLeft(final) };
}

export async function read(card: SynchronousCard, address: number, length: number): Promise<Uint8Array> {
  checkRange(address, length);
  return (await card.execute(readMain(address, length))).data;
}

/** Reads data with protect flags (true = protected). */
export async function readWithProtect(
  card: SynchronousCard,
  address: number,
  length: number,
): Promise<{ data: Uint8Array; protectedFlags: boolean[] }> {
  checkRange(address, length);
  return splitProtectedRead((await card.execute(readWithProtection(address, length))).data);
}

/** Writes bytes (erase/write without protect bit); needs a verified PSC. */
export async function write(card: SynchronousCard, address: number, data: Uint8Array): Promise<void> {
  checkRange(address, data.length);
  for (const [i, value] of data.entries()) await card.execute(writeByte(address + i, value));
  await expectContents(card, address, data, false);
}

/** Writes bytes and sets their protect bits: irreversible. */
export async function writeAndProtect(card: SynchronousCard, address: number, data: Uint8Array): Promise<void> {
  checkRange(address, data.length);
  for (const [i, value] of data.entries()) await card.execute(writeAndProtectByte(address + i, value));
  await expectContents(card, address, data, true);
}

/** Protects bytes already on the card; the chip sets a bit only when `data` matches the byte. */
export async function protectWithCompare(card: SynchronousCard, address: number, data: Uint8Array): Promise<void> {
  checkRange(address, data.length);
  for (const [i, value] of data.entries()) await card.execute(protectWithCompareByte(address + i, value));
  await expectContents(card, address, data, true);
}

/**
 * Writes a new PSC to 3FE..3FF (after verification; it is readable then, so it is read back).
 * Before verification the PSC reads 00 00, so a new PSC of 00 00 would read back "right" from a
 * card that refused it: for that code 3FE is written to FF first, which only a verified card shows.
 */
export async function changePsc(card: SynchronousCard, psc: Uint8Array): Promise<void> {
  if (psc.length !== PSC_LENGTH) throw new PscFormatError(psc);
  if (psc.every((byte) => byte === 0)) await write(card, PSC_ADDRESS, Uint8Array.of(0xff));
  await write(card, PSC_ADDRESS, psc);
}

async function expectContents(card: SynchronousCard, address: number, data: Uint8Array, mustBeProtected: boolean): Promise<void> {
  const { data: actual, protectedFlags } = await readWithProtect(card, address, data.length);
  for (let i = 0; i < data.length; i++) {
    const reason =
      actual[i] !== data[i]
        ? 'the byte reads back differently (protected byte, or PSC not verified)'
        : mustBeProtected && !protectedFlags[i]
          ? 'the protect bit is not set (PSC not verified, or data did not match)'
          : undefined;
    if (reason) throw new WriteRefusedError(address + i, data.slice(i, i + 1), actual.slice(i, i + 1), reason);
  }
}

function checkRange(address: number, length: number): void {
  if (!Number.isInteger(address) || !Number.isInteger(length) || address < 0 || length < 1 || address + length > SLE4428_SIZE) {
    throw new InputError('SLE4428 address range', `${address}+${length} is outside 0..${SLE4428_SIZE - 1}`);
  }
}
