import type { ChipCommand } from '../synchronous-card.ts';

/**
 * SLE4428 (and its SLE5528 / IS23SC4428 second sources) at chip level: memory map, the 3-wire-bus
 * commands and the byte layout stbpay uses for them.
 *
 * Sources, cited as below next to what they back:
 * - [IS23SC4428] ISSI IS23SC4418/4428 data sheet (rev. NV001-0C, 1999/2001): the Infineon part's
 *   second source; command frame (S0..S5 A8 A9, A0..A7, D0..D7), command descriptions, clock counts.
 * - [sccmusbm.h] OMNIKEY CardMan USB driver header: control codes 33/31/0E/0C/30 and the full first
 *   bytes F2 (write error counter at 3FD) and CD (compare PIN byte at 3FE/3FF).
 * - [sqf-ice sle4428.c] sqf-ice/Mygit@716f7f96 smartcard/MEMORY/sle4428.c: a reader firmware's
 *   driver (command byte = control | (A9 A8 << 6), PSC procedure, 9-bit read layout).
 * - [IchMarcel sle4428.c] IchMarcel/ICCard_SLE4428 sle4428.c: bit-level driver (the same command
 *   words, LSB first; 9th bit 0 = protected; clock counts 203/103/3).
 * - [ACR38 §9.3.5] ACS ACR38x CCID reference manual v6.04 §9.3.5 (PRESENT_CODE procedure, ERRCNT FF = ok).
 * - [yktchina] SLE4428 card vendor description, product.yktchina.com/201411/2f1d6eb84680e23d.html
 *   (PSC reads 00 before verification; counter 8 tries; 0 = locked for good; header bytes fixed).
 */
export const SLE4428_SIZE = 1024; // [IS23SC4428 Features: 1024 x 8 bit]
export const ERROR_COUNTER_ADDRESS = 0x3fd; // [sqf-ice sle4428.c: readdata(..1021..)]
export const PSC_ADDRESS = 0x3fe; // 2 bytes, 0x3FE-0x3FF [sqf-ice sle4428.c; yktchina §6]
export const PSC_LENGTH = 2;
/** Error counter value of a card with all 8 attempts left [ACR38 §9.3.5: ERRCNT FF = correct]. */
export const ERROR_COUNTER_FULL = 0xff;
export const MAX_ATTEMPTS = 8;

/** Answer to reset: memory bytes 0..3 clocked out after RST [cards_readers §1.2; ISO/IEC 7816-10 H1 H2]. */
export const SLE4428_ATR = Uint8Array.of(0x92, 0x23, 0x10, 0x91);

/** Control codes S5..S0 (low six bits of the first command byte). */
export const CONTROL = {
  /** Read 8 bits: data only, from the address to the end of memory. */
  READ_8: 0x0e,
  /** Read 9 bits: each byte followed by its protect bit. */
  READ_9: 0x0c,
  /** Write/erase without protect bit. */
  WRITE: 0x33,
  /** Write/erase with protect bit: the byte is protected after the write. */
  WRITE_PROTECT: 0x31,
  /** Write protect bit with data comparison. */
  PROTECT_COMPARE: 0x30,
  /** Write error counter (address 3FD only): bits can only go from 1 to 0. */
  WRITE_COUNTER: 0x32,
  /** Compare verification data: one PSC byte, at 3FE then 3FF. */
  COMPARE: 0x0d,
} as const; // [sccmusbm.h SLE4428_*; IS23SC4428 "General command descriptions"]
export type ControlCode = (typeof CONTROL)[keyof typeof CONTROL];

/**
 * How the 9th bit of a READ_9 unit is returned in ChipResponse.data: every address gives two bytes,
 * the data byte and then this byte, 01 when the protect bit reads 1 (writable) and 00 when it reads
 * 0 (protected). The value is the bit as the chip clocks it out [IchMarcel sle4428.c: 0 = protection
 * on]; the two-byte layout is the one reader firmware uses [sqf-ice sle4428.c readdata: data, bit].
 */
export const PROTECT_BIT_BYTE = { writable: 0x01, protected: 0x00 } as const;

/** The 24 bits a host clocks in: control | A9 A8 in bits 7..6, then A7..A0, then data [sqf-ice sle4428.c sendcmd]. */
export function encodeCommand(control: ControlCode, address: number, data = 0x00, readLength?: number): ChipCommand {
  if (!Number.isInteger(address) || address < 0 || address >= SLE4428_SIZE) {
    throw new RangeError(`SLE4428 address ${address} outside 0..${SLE4428_SIZE - 1}`);
  }
  const bytes = Uint8Array.of(control | ((address >> 8) << 6), address & 0xff, data & 0xff);
  return readLength === undefined ? { bytes } : { bytes, readLength };
}

export interface DecodedCommand {
  readonly control: number;
  readonly address: number;
  readonly data: number;
}

/** Splits a 3-byte command into control code, 10-bit address and data; undefined for other lengths. */
export function decodeCommand(bytes: Uint8Array): DecodedCommand | undefined {
  if (bytes.length !== 3) return undefined;
  const [first = 0, low = 0, data = 0] = bytes;
  return { control: first & 0x3f, address: ((first >> 6) << 8) | low, data };
}

/** READ_8 from `address`; `length` bytes clocked out (all to the end of memory when omitted). */
export const readMain = (address: number, length?: number): ChipCommand => encodeCommand(CONTROL.READ_8, address, 0, length);
/** READ_9 from `address` for `count` addresses (2 bytes each, see PROTECT_BIT_BYTE). */
export const readWithProtection = (address: number, count?: number): ChipCommand =>
  encodeCommand(CONTROL.READ_9, address, 0, count === undefined ? undefined : count * 2);
export const writeByte = (address: number, value: number): ChipCommand => encodeCommand(CONTROL.WRITE, address, value);
export const writeAndProtectByte = (address: number, value: number): ChipCommand => encodeCommand(CONTROL.WRITE_PROTECT, address, value);
export const protectWithCompareByte = (address: number, value: number): ChipCommand => encodeCommand(CONTROL.PROTECT_COMPARE, address, value);
/** Write error counter: F2 FD <value> [sccmusbm.h SLE4428_SET_COUNTER 0xF2]. */
export const writeErrorCounter = (value: number): ChipCommand => encodeCommand(CONTROL.WRITE_COUNTER, ERROR_COUNTER_ADDRESS, value);
/** Compare PSC byte `index` (0 or 1): CD FE/FF <value> [sccmusbm.h SLE4428_COMPARE_PIN 0xCD]. */
export const comparePscByte = (index: number, value: number): ChipCommand => encodeCommand(CONTROL.COMPARE, PSC_ADDRESS + index, value);
/** Erase the error counter: F3 FD FF (write/erase without protect bit) [sqf-ice sle4428.c verification]. */
export const eraseErrorCounter = (): ChipCommand => writeByte(ERROR_COUNTER_ADDRESS, 0xff);

/** Splits READ_9 output into data bytes and protect flags (true = protected). */
export function splitProtectedRead(bytes: Uint8Array): { data: Uint8Array; protectedFlags: boolean[] } {
  const count = Math.floor(bytes.length / 2);
  const data = new Uint8Array(count);
  const protectedFlags: boolean[] = [];
  for (let i = 0; i < count; i++) {
    data[i] = bytes[2 * i] ?? 0;
    protectedFlags.push(((bytes[2 * i + 1] ?? 0) & 0x01) === 0);
  }
  return { data, protectedFlags };
}

/** Number of attempts an error counter value leaves: its 1 bits [yktchina §5; ACR38 §9.3.5]. */
export function attemptsLeft(counter: number): number {
  let n = 0;
  for (let v = counter & 0xff; v !== 0; v &= v - 1) n++;
  return n;
}
