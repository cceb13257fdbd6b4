import type { PasswordRef } from '../../../src/cards/at88sc1608/commands.ts';
import type { Eeprom } from '../common/eeprom.ts';
import type { UserRights } from './access.ts';

/** Volatile state: gone at power-off and at RST [AT88SC1608 0971G p12 "Answer-to-reset"]. */
export interface Session {
  /** Selected user zone; null until Set User Zone Address [0971H §10.1]. */
  zone: number | null;
  /** The one active password [0971H §9.1]; Write 7 doubles as the secure code before PER. */
  active: PasswordRef | null;
}

/** What the command handlers see of the chip: memories, session and the rule hooks. */
export interface ChipCore {
  readonly config: Eeprom;
  readonly user: Eeprom;
  readonly fuses: Eeprom;
  readonly session: Session;
  fuseByte(): number;
  userRights(zone: number): UserRights;
  configReadable(address: number): boolean;
  configWritable(address: number): boolean;
  /** Address that the `index`-th data byte of a page write starting at `address` lands on. */
  pageSlot(address: number, index: number): number;
  /** The PAC after a presentation: FF when correct, one more bit cleared when wrong. */
  nextPac(pac: number, correct: boolean): number;
}

/** A handler's result; `cycle` = the command started a self-timed write cycle. */
export interface Outcome {
  readonly acknowledged: boolean;
  readonly data: Uint8Array;
  readonly cycle: boolean;
}

export const nack: Outcome = { acknowledged: false, data: new Uint8Array(0), cycle: false };
export const ack = (data: Uint8Array = new Uint8Array(0)): Outcome => ({ acknowledged: true, data, cycle: false });
export const cycle: Outcome = { acknowledged: true, data: new Uint8Array(0), cycle: true };

/**
 * [AT88SC1608 0971H p1 "16-byte page write"] data bytes roll over inside their 16-byte page, as
 * in Atmel's two-wire EEPROMs; a later byte for the same address replaces an earlier one.
 */
export function rollOverSlot(address: number, index: number): number {
  return (address & ~0x0f) | ((address + index) & 0x0f);
}

/** The bytes a page write programs, address → value, in the order they were loaded. */
export function pageBuffer(core: ChipCore, address: number, data: Uint8Array): Map<number, number> {
  const buffer = new Map<number, number>();
  data.forEach((value, index) => buffer.set(core.pageSlot(address, index), value));
  return buffer;
}
