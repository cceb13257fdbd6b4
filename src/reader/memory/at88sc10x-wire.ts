/**
 * The wire format of the AT88SC101/102/1003 family through an ACS-compatible reader (ACR38x CCID
 * reference manual v6.04 §9.3.9), shared by at88sc102.ts and at88sc1604.ts: bit-reversed bytes,
 * field reads and writes in chunks, counted code presentation.
 */
import { InputError, StbpayError } from '../../core/errors.ts';
import { bitOf, onesIn, type CounterSpec } from '../../cards/at88sc102/driver-core.ts';
import { FieldRangeError } from '../../cards/at88sc102/errors.ts';
import type { BitField } from '../../cards/at88sc102/family.ts';
import { commandApdu, expectOk, splitResponse, type ApduChannel } from '../apdu.ts';
import { ACS_CLA, SW } from './acs-pseudo-apdu.ts';
import { ReaderCodeLockedError, WrongCodeError, guardPresentation, type PresentOptions } from './code-guard.ts';
import { readInChunks, writeInChunks, type MemoryArea } from './transfer.ts';

/**
 * Bytes per READ/WRITE: ECh, the largest MEM_L ACS states for its memory-card reads (ACR38x v6.02
 * §9.2.2.5.1); longer fields go in several APDUs.
 */
export const ACS_MAX_CHUNK = 0xec;

const REVERSED = Uint8Array.from({ length: 256 }, (_, byte) => {
  let reversed = 0;
  for (let i = 0; i < 8; i++) reversed |= ((byte >> i) & 1) << (7 - i);
  return reversed;
});

/** Reverses the bits of every byte: datasheet order (first bit = MSB) ↔ ACS wire order (first bit = LSB). */
export function acsBitOrder(bytes: Uint8Array): Uint8Array {
  return bytes.map((b) => REVERSED[b]!);
}

/** A code without an attempts counter (an AT88SC102 erase key) was wrong; nothing limits further tries. */
export class WrongEraseKeyError extends StbpayError {
  constructor(readonly codeName: string) {
    super('STBPAY_ERR_WRONG_ERASE_KEY', `${codeName}: wrong erase key (the application zone was not erased)`);
  }
}

const byteAddress = (address: number): [number, number] => [address >> 8, address & 0xff];

/** The field's bytes as a MemoryArea; span() has checked the range already, with FieldRangeError. */
function areaOf(field: BitField): MemoryArea {
  return { name: field.name, size: Math.floor(field.start / 8) + Math.ceil(field.bits / 8) };
}

function span(field: BitField, offset: number, length: number | undefined): { address: number; length: number } {
  const size = Math.ceil(field.bits / 8);
  const count = length ?? size - offset;
  if (!Number.isInteger(offset) || !Number.isInteger(count) || offset < 0 || count < 1 || offset + count > size) {
    throw new FieldRangeError(field.name, `bytes ${offset}..${offset + count - 1} are outside its ${size} bytes`);
  }
  return { address: Math.floor(field.start / 8) + offset, length: count };
}

/** FieldRangeError unless `code` fills `field` exactly (a code or key of the wrong length is never sent). */
export function checkLength(field: BitField, code: Uint8Array): void {
  if (code.length * 8 !== field.bits) throw new FieldRangeError(field.name, `needs ${field.bits / 8} bytes, got ${code.length}`);
}

/** READ_MEMORY_CARD `FF B0 AH AL Le`, in chunks of ACS_MAX_CHUNK; answers datasheet-order bytes. */
export async function readField(channel: ApduChannel, field: BitField, offset = 0, length?: number): Promise<Uint8Array> {
  const { address, length: count } = span(field, offset, length);
  const read = { ins: 0xb0, address, length: count, area: areaOf(field), encode: byteAddress };
  return acsBitOrder(await readInChunks(channel, read, { maxReadLength: ACS_MAX_CHUNK }));
}

/** WRITE_MEMORY_CARD `FF D0 AH AL Lc D…`, in chunks of ACS_MAX_CHUNK; throws ApduError (65 81) when the card did not take the bits. */
export async function writeField(channel: ApduChannel, field: BitField, offset: number, data: Uint8Array): Promise<void> {
  const { address } = span(field, offset, data.length);
  const write = { ins: 0xd0, address, data: acsBitOrder(data), area: areaOf(field), encode: byteAddress };
  await writeInChunks(channel, write, { maxWriteLength: ACS_MAX_CHUNK });
}

/**
 * `FF D2 AH AL MEM_L`: MEM_L 00 erases the one erase unit holding byte `offset` of `field` (ACS);
 * 01–FF erases every unit the next MEM_L bytes touch (stbpay's reader; libzhouyb sends it too).
 */
export async function eraseField(channel: ApduChannel, field: BitField, offset: number, count: number): Promise<void> {
  const { address } = span(field, offset, Math.max(count, 1));
  if (!Number.isInteger(count) || count < 0 || count > 0xff) throw new FieldRangeError(field.name, `erase length ${count} is not 0..255`);
  const apdu = Uint8Array.of(ACS_CLA, 0xd2, address >> 8, address & 0xff, count);
  expectOk(await channel.transmit(apdu), `erase ${field.name} at byte ${offset}`);
}

export async function attemptsLeft(channel: ApduChannel, counter: CounterSpec): Promise<number> {
  return onesIn(await readField(channel, counter.field), counter.countedBits);
}

export interface CountedCode {
  readonly name: string;
  readonly p1: number;
  readonly p2: number;
  readonly counter: CounterSpec;
}

/**
 * Presents a code with a counter (`FF 20 P1 P2 Lc code`): guards on the counter read first, then
 * reads it back (ACS's 90 00 says only that the procedure ran): every attempt restored = right.
 */
export async function presentCounted(channel: ApduChannel, target: CountedCode, code: Uint8Array, options: PresentOptions): Promise<number> {
  guardPresentation(target.name, await attemptsLeft(channel, target.counter), options);
  const response = await channel.transmit(commandApdu(ACS_CLA, 0x20, target.p1, target.p2, acsBitOrder(code)));
  if (splitResponse(response).sw === SW.noMoreRetries) throw new ReaderCodeLockedError(target.name);
  expectOk(response, `present ${target.name}`);
  const after = await attemptsLeft(channel, target.counter);
  if (after < target.counter.countedBits) throw new WrongCodeError(target.name, after);
  return after;
}

export interface BlowFuseOptions {
  /** Blowing a fuse cannot be undone (the issuer fuse ends personalisation for good): say so. */
  readonly irreversible?: boolean;
}

/** BLOWN_FUSE at the fuse's first bit, FUS and RST high; refuses unless `irreversible` is set. */
export async function blowFuseAt(channel: ApduChannel, fuse: BitField, options: BlowFuseOptions): Promise<void> {
  if (options.irreversible !== true) throw new InputError('fuse', `blowing the ${fuse.name} cannot be undone: pass { irreversible: true }`);
  const apdu = commandApdu(ACS_CLA, 0x05, 0x00, 0x00, Uint8Array.of(fuse.start >> 8, fuse.start & 0xff, 0x01, 0x01));
  expectOk(await channel.transmit(apdu), `blow ${fuse.name}`);
}

export async function bitAt(channel: ApduChannel, bit: number): Promise<number> {
  return bitOf(await readField(channel, { name: `bit ${bit}`, start: bit - (bit % 8), bits: 8 }), bit % 8);
}
