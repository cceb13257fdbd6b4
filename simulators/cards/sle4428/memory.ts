import { Eeprom, type CycleTimes } from '../common/eeprom.ts';
import type { PowerLossFault } from '../common/power-loss.ts';
import { SLE4428_SIZE } from '../../../src/cards/sle4428/commands.ts';

/** Bytes of the protection memory: one bit per address, bit (a & 7) of byte (a >> 3). */
export const PROTECTION_BYTES = SLE4428_SIZE / 8;

/**
 * The two non-volatile arrays of the chip [IS23SC4428 Description]: 1024 data bytes, and 1024
 * protect bits. A protect bit is PROM: it reads 1 while the byte is writable and is written once to
 * 0; nothing erases it. Both arrays live in Eeprom cells so that timing and power loss follow the
 * shared physics; the protect bits are packed eight to a cell and only ever programmed in 'write'
 * mode (bits 1 -> 0), so a protect bit can never come back.
 */
export class Sle4428Memory {
  readonly main: Eeprom;
  readonly protection: Eeprom;

  constructor(
    fault: PowerLossFault,
    readonly times: CycleTimes,
  ) {
    this.main = new Eeprom(SLE4428_SIZE, fault, times);
    this.protection = new Eeprom(PROTECTION_BYTES, fault, times);
  }

  byte(address: number): number {
    return this.main.cells[address] ?? 0xff;
  }

  isProtected(address: number): boolean {
    return (((this.protection.cells[address >> 3] ?? 0xff) >> (address & 7)) & 1) === 0;
  }

  /** One write cycle that clears the protect bit of `address`; µs. */
  protect(address: number): number {
    return this.protection.program(address >> 3, ~(1 << (address & 7)) & 0xff, 'write');
  }

  protectedCount(): number {
    let count = 0;
    for (let a = 0; a < SLE4428_SIZE; a++) if (this.isProtected(a)) count++;
    return count;
  }
}
