import { InputError } from '../../core/errors.ts';
import { bytesEqual, toHex } from '../../core/hex.ts';
import type { ChipCommand, SynchronousCard } from '../synchronous-card.ts';
import * as cmd from './commands.ts';
import { LastAttemptError, Sle4442WriteError } from './errors.ts';

/**
 * Host side of an SLE4442 at chip level: what a reader's firmware does with the 3-byte commands.
 * Every function takes a powered card; a card that goes mute (removed, power lost) throws
 * CardMuteError. Writes are checked by reading back, so a refused write is an error, never silent.
 */

export interface SecurityStatus {
  /** EC bits, 0..7. */
  readonly errorCounter: number;
  readonly attemptsLeft: number;
  /** EC = 000: the card can never be written again. */
  readonly locked: boolean;
  /** As the card outputs it: 00 00 00 unless the PSC was verified in this session. */
  readonly psc: Uint8Array;
}

export interface PscResult {
  /** The counter could be erased back to 111b: write access until power-off. [SLE4442 §2.4] */
  readonly verified: boolean;
  readonly attemptsLeft: number;
  readonly locked: boolean;
  readonly errorCounter: number;
}

export interface ProtectionMap {
  /** The 4 bytes of protection memory as read (bit 0 of byte 0 = main byte 0; 0 = protected). */
  readonly bytes: Uint8Array;
  /** Addresses 0..31 whose protection bit is 0. */
  readonly protectedAddresses: readonly number[];
  isProtected(address: number): boolean;
}

async function run(card: SynchronousCard, command: ChipCommand): Promise<Uint8Array> {
  return (await card.execute(command)).data;
}

export async function readSecurity(card: SynchronousCard): Promise<SecurityStatus> {
  const data = await run(card, cmd.readSecurity(cmd.SECURITY_MEMORY_SIZE));
  const errorCounter = (data[0] ?? 0) & cmd.ERROR_COUNTER_MASK;
  const attemptsLeft = cmd.attemptsLeft(errorCounter);
  return { errorCounter, attemptsLeft, locked: attemptsLeft === 0, psc: data.slice(1, 4) };
}

/**
 * The datasheet's PSC procedure: write one free counter bit to 0, compare the three PSC bytes,
 * erase the counter, read it back. Refuses (LastAttemptError) when one attempt is left unless
 * `insist`; on a locked card it sends nothing and reports the lock. [SLE4442 §2.4]
 * On a card already verified in this session a wrong code withdraws the access and costs an attempt,
 * as on a fresh session.
 */
export async function presentPsc(card: SynchronousCard, psc: Uint8Array, options: { insist?: boolean } = {}): Promise<PscResult> {
  if (psc.length !== cmd.PSC_LENGTH) throw new InputError('PSC', `the SLE4442 PSC is 3 bytes, got ${psc.length}: ${toHex(psc)}`);
  const before = await readSecurity(card);
  if (before.locked) return { verified: false, attemptsLeft: 0, locked: true, errorCounter: before.errorCounter };
  if (before.attemptsLeft === 1 && !options.insist) throw new LastAttemptError(before.errorCounter);
  await run(card, cmd.updateSecurity(0, cmd.clearOneCounterBit(before.errorCounter)));
  // The attempt must be paid before the comparison counts [SLE4442 §2.4]; a card that ignored the
  // counter-bit write would otherwise pass a wrong PSC equal to what an unverified card shows (00 00 00).
  const paid = (await readSecurity(card)).errorCounter === cmd.clearOneCounterBit(before.errorCounter);
  for (const [i, byte] of psc.entries()) await run(card, cmd.compareVerificationData(i + 1, byte));
  await run(card, cmd.updateSecurity(0, cmd.ERASE_ERROR_COUNTER));
  const after = await readSecurity(card);
  return {
    // A verified card also shows its PSC, which must be the one presented. [SLE4442 §2.4]
    verified: paid && after.errorCounter === cmd.ERROR_COUNTER_MASK && bytesEqual(after.psc, psc),
    attemptsLeft: after.attemptsLeft,
    locked: after.locked,
    errorCounter: after.errorCounter,
  };
}

export async function readMain(card: SynchronousCard, address: number, length: number): Promise<Uint8Array> {
  checkRange(address, length, cmd.MAIN_MEMORY_SIZE, 'main memory');
  const data = await run(card, cmd.readMain(address, length));
  if (data.length !== length) throw new InputError('read', `asked for ${length} bytes at 0x${hex(address)}, the card gave ${data.length}`);
  return data;
}

/**
 * Writes `data` at `address`, programming only the bytes that differ. Throws before writing anything
 * if one of them is write-protected, and after reading back if the card did not take the write.
 */
export async function updateMain(card: SynchronousCard, address: number, data: Uint8Array): Promise<void> {
  checkRange(address, data.length, cmd.MAIN_MEMORY_SIZE, 'main memory');
  const current = await readMain(card, address, data.length);
  const changes = [...data.keys()].filter((i) => current[i] !== data[i]);
  if (changes.length === 0) return;
  if (address < cmd.PROTECTED_AREA_SIZE) {
    const protection = await readProtection(card);
    const blocked = changes.find((i) => protection.isProtected(address + i));
    if (blocked !== undefined) {
      const at = address + blocked;
      const one = (bytes: Uint8Array): Uint8Array => bytes.slice(blocked, blocked + 1);
      throw new Sle4442WriteError(
        { reason: 'protected', area: 'main', address: at, expected: one(data), actual: one(current) },
        `main byte 0x${hex(at)} is write-protected (protection bit 0): it can never change`,
      );
    }
  }
  for (const i of changes) await run(card, cmd.updateMain(address + i, data[i]!));
  const after = await readMain(card, address, data.length);
  const wrong = changes.find((i) => after[i] !== data[i]);
  if (wrong !== undefined) {
    const none = changes.every((i) => after[i] === current[i]);
    throw new Sle4442WriteError(
      { reason: none ? 'not-verified' : 'not-written', area: 'main', address: address + wrong, expected: data, actual: after },
      none
        ? `the card took none of the write at 0x${hex(address)}: the PSC is not verified in this session`
        : `main byte 0x${hex(address + wrong)} reads ${hex(after[wrong]!)} after writing ${hex(data[wrong]!)}`,
    );
  }
}

export async function readProtection(card: SynchronousCard): Promise<ProtectionMap> {
  const bytes = await run(card, cmd.readProtection(cmd.PROTECTION_MEMORY_SIZE));
  const isProtected = (address: number): boolean => cmd.isProtectedIn(bytes, address);
  const protectedAddresses = Array.from({ length: cmd.PROTECTED_AREA_SIZE }, (_, a) => a).filter(isProtected);
  return { bytes, protectedAddresses, isProtected };
}

/**
 * Protects main bytes `address`… (within 0..31) for good, each only if it holds the given byte
 * (the chip compares before it programs the protection bit). Irreversible.
 */
export async function protect(card: SynchronousCard, address: number, data: Uint8Array): Promise<ProtectionMap> {
  checkRange(address, data.length, cmd.PROTECTED_AREA_SIZE, 'protected area');
  for (const [i, byte] of data.entries()) await run(card, cmd.writeProtection(address + i, byte));
  const after = await readProtection(card);
  const missed = [...data.keys()].find((i) => !after.isProtected(address + i));
  if (missed !== undefined) {
    const at = address + missed;
    const actual = await readMain(card, at, 1);
    const matches = actual[0] === data[missed];
    const expected = data.slice(missed, missed + 1);
    throw new Sle4442WriteError(
      { reason: matches ? 'not-verified' : 'data-mismatch', area: 'protection', address: at, expected, actual },
      matches
        ? `byte 0x${hex(at)} was not protected: the PSC is not verified in this session`
        : `byte 0x${hex(at)} was not protected: it holds ${hex(actual[0]!)}, not ${hex(data[missed]!)}`,
    );
  }
  return after;
}

/**
 * Writes a new PSC (needs the old one verified in this session) and checks it by reading it back.
 * An unverified card reads its PSC as 00 00 00, so a new PSC of 00 00 00 would read back "right"
 * whether or not the card took it: for that code the first byte is written to FF first, which only
 * a verified card shows.
 */
export async function changePsc(card: SynchronousCard, newPsc: Uint8Array): Promise<void> {
  if (newPsc.length !== cmd.PSC_LENGTH) {
    throw new InputError('new PSC', `the SLE4442 PSC is 3 bytes, got ${newPsc.length}: ${toHex(newPsc)}`);
  }
  const notVerified = (actual: Uint8Array, why: string): Sle4442WriteError =>
    new Sle4442WriteError({ reason: 'not-verified', area: 'psc', address: 1, expected: newPsc, actual }, `${why}: the old PSC is not verified in this session`);
  if (newPsc.every((byte) => byte === 0)) {
    await run(card, cmd.updateSecurity(1, 0xff));
    const { psc } = await readSecurity(card);
    if (psc[0] !== 0xff) throw notVerified(psc, `PSC byte 1 reads ${hex(psc[0] ?? 0)} after writing FF`);
  }
  for (const [i, byte] of newPsc.entries()) await run(card, cmd.updateSecurity(i + 1, byte));
  const { psc } = await readSecurity(card);
  if (!bytesEqual(psc, newPsc)) throw notVerified(psc, `the PSC reads ${toHex(psc)} after writing ${toHex(newPsc)}`);
}

function checkRange(address: number, length: number, size: number, area: string): void {
  if (!Number.isInteger(address) || address < 0 || address >= size) {
    throw new InputError('address', `${address} is outside the ${area} (0..0x${hex(size - 1)})`);
  }
  if (!Number.isInteger(length) || length < 1 || address + length > size) {
    throw new InputError('length', `${length} byte(s) at 0x${hex(address)} do not fit the ${area} (0..0x${hex(size - 1)})`);
  }
}

function hex(value: number): string {
  return value.toString(16).toUpperCase().padStart(2, '0');
}
