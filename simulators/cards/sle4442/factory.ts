import { ERROR_COUNTER_MASK, MAIN_MEMORY_SIZE } from '../../../src/cards/sle4442/commands.ts';
import type { CycleTimes } from '../common/eeprom.ts';

/**
 * What a blank SLE4442 looks like when it ships.
 *
 * Bytes 0..31 as read from real blank cards (Cherry ST-1144, LudovicRousseau/pyscard issue #137):
 * the ATR A2 13 10 91 and a manufacturer header at 0..7, an application identifier D2 76 00 00 04 00
 * at 21..26, FF elsewhere; bytes 32..255 are FF (erased).
 */
export const FACTORY_HEADER = Uint8Array.of(
  0xa2, 0x13, 0x10, 0x91, 0xff, 0xff, 0x81, 0x15, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
  0xff, 0xff, 0xff, 0xff, 0xff, 0xd2, 0x76, 0x00, 0x00, 0x04, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff,
);

export function factoryMain(): Uint8Array {
  const main = new Uint8Array(MAIN_MEMORY_SIZE).fill(0xff);
  main.set(FACTORY_HEADER);
  return main;
}

/**
 * Factory protection: the manufacturer writes bytes 0..7 and the user code at 21..26 before shipping
 * and they "cannot be changed" — card vendors' SLE4442/FM4442 sheets (zgznk.com "4442 chip technology
 * information", cnenc.net "SLE4442", cardcube.net blog 462: "byte address 0~5, 6~7 written by the
 * manufacturer before the factory, can not be changed"; "21 to 26 user code … non factory
 * modification"). So those 14 protection bits ship as 0, the other 18 as 1: 00 FF 1F F8.
 * No read-out of a blank card's protection memory was found to confirm this.
 */
export const FACTORY_PROTECTED_BYTES: readonly number[] = [0, 1, 2, 3, 4, 5, 6, 7, 21, 22, 23, 24, 25, 26];

export function factoryProtection(): Uint8Array {
  const bits = Uint8Array.of(0xff, 0xff, 0xff, 0xff);
  for (const address of FACTORY_PROTECTED_BYTES) bits[address >> 3]! &= ~(1 << (address & 7));
  return bits;
}

/**
 * The transport PSC generic blank cards ship with: FF FF FF ("PM2P Chipkarte SLE 4442, Code FFFFFF"
 * in pcsc-tools' smartcard_list.txt; vendor sheets: "新卡初始密码为 0xff,0xff,0xff"). Infineon itself
 * programs a code agreed with each customer. [SLE4442 §2.4 "As shipped, the PSC is programmed with a
 * code according to individual agreement with the customer"]
 */
export const DEFAULT_PSC = Uint8Array.of(0xff, 0xff, 0xff);

/** Error counter as shipped: all three bits set, three attempts. [SLE4442 §2.4] */
export const FACTORY_ERROR_COUNTER = ERROR_COUNTER_MASK;

/**
 * Programming time: 2.5 ms per byte for erasing and 2.5 ms for writing. [SLE4432/SLE4442 datasheet:
 * features, "Programming time 2.5 ms per byte for both erasing and writing"]
 */
export const SLE4442_CYCLE_TIMES: CycleTimes = { eraseMicros: 2500, writeMicros: 2500 };
export const NO_CYCLE_TIME: CycleTimes = { eraseMicros: 0, writeMicros: 0 };
