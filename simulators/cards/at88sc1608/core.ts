import type { PasswordRef } from '../../../src/cards/at88sc1608/commands.ts';
import type { ZoneRights } from '../at88-i2c/zone-rights.ts';
import type { Eeprom } from '../common/eeprom.ts';

/** Volatile state: gone at power-off and at RST [AT88SC1608 0971G p12 "Answer-to-reset"]. */
export interface Session {
  /** Selected user zone; null until Set User Zone Address [0971H §10.1]. */
  zone: number | null;
  /** The one active password [0971H §9.1]; Write 7 doubles as the secure code before PER. */
  active: PasswordRef | null;
}

/**
 * What the command handlers see of the chip: memories, session and the rule hooks. Handlers answer
 * with an Outcome (at88-i2c/outcome.ts).
 */
export interface ChipCore {
  readonly config: Eeprom;
  readonly user: Eeprom;
  readonly fuses: Eeprom;
  readonly session: Session;
  fuseByte(): number;
  userRights(zone: number): ZoneRights;
  configReadable(address: number): boolean;
  configWritable(address: number): boolean;
  /** Address that the `index`-th data byte of a page write starting at `address` lands on. */
  pageSlot(address: number, index: number): number;
  /** The PAC after a presentation: FF when correct, one more bit cleared when wrong. */
  nextPac(pac: number, correct: boolean): number;
}
