import {
  ERROR_COUNTER_MASK,
  isProtectedIn,
  MAIN_MEMORY_SIZE,
  PROTECTION_MEMORY_SIZE,
  SECURITY_MEMORY_SIZE,
} from '../../../src/cards/sle4442/commands.ts';
import { Eeprom, type CycleTimes, type ProgramMode } from '../common/eeprom.ts';
import type { PowerLossFault } from '../common/power-loss.ts';

/** The non-volatile contents of an SLE4442, as loaded from a factory state or an image. */
export interface Sle4442Contents {
  readonly main: Uint8Array;
  readonly protection: Uint8Array;
  readonly security: Uint8Array;
}

/**
 * The chip's three memories, every cell an EEPROM cell with the shared erase/write physics:
 * main memory (256 bytes), protection memory (32 PROM bits, kept as 4 cells that are only ever
 * written — bits go 1 → 0 and are never erased) and security memory (EC + PSC).
 * [SLE4442 datasheet: memory overview; §2.4]
 */
export class Sle4442Memory {
  readonly main: Eeprom;
  readonly protection: Eeprom;
  readonly security: Eeprom;

  constructor(contents: Sle4442Contents, fault: PowerLossFault, times: CycleTimes) {
    this.main = new Eeprom(MAIN_MEMORY_SIZE, fault, times);
    this.protection = new Eeprom(PROTECTION_MEMORY_SIZE, fault, times);
    this.security = new Eeprom(SECURITY_MEMORY_SIZE, fault, times);
    this.main.load(contents.main);
    this.protection.load(contents.protection);
    this.security.load(contents.security);
    this.security.cells[0]! |= ~ERROR_COUNTER_MASK & 0xff;
  }

  /**
   * Programs the error counter. Only its three bits exist, so the cell's other five bits are held at 1
   * and the data's bits 3..7 are ignored: the counter is "erased" at 111b. [SLE4442 §2.4]
   */
  programErrorCounter(data: number, mode: ProgramMode): number {
    return this.security.program(0, data | (~ERROR_COUNTER_MASK & 0xff), mode);
  }

  /** The error counter: only bits 0..2 of security byte 0 exist. [SLE4442 §2.4] */
  errorCounter(): number {
    return (this.security.cells[0] ?? 0) & ERROR_COUNTER_MASK;
  }

  psc(): Uint8Array {
    return this.security.read(1, 3);
  }

  /** Protection bit of main byte `address` is 0: the byte can never be changed again. */
  isProtected(address: number): boolean {
    return isProtectedIn(this.protection.cells, address);
  }

  /** A copy of the contents; the counter byte is normalised to its three real bits. */
  contents(): Sle4442Contents {
    const security = this.security.read(0, SECURITY_MEMORY_SIZE);
    security[0] = this.errorCounter();
    return { main: this.main.read(0, MAIN_MEMORY_SIZE), protection: this.protection.read(0, PROTECTION_MEMORY_SIZE), security };
  }
}
