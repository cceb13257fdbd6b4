import { PowerLost, type PowerLossFault } from './power-loss.ts';

/**
 * An array of EEPROM cells with the physics every part here shares: erasing sets all bits of a cell
 * to 1, writing can only turn bits from 1 to 0 (the cell becomes old AND new). Changing a byte to an
 * arbitrary value takes an erase cycle followed by a write cycle; the chip skips the erase when no bit
 * has to go from 0 to 1, and skips the write when the target is all ones. [SLE4442 §2.3 "data change
 * consists of an erase and write procedure"; AT88SC datasheets: self-timed erase/write]
 *
 * Power loss: none of these parts has anti-tearing. The cycle in progress is cut at the boundary
 * between its erase and its write phase: a cell that needed erasing is left erased (FF), a write-only
 * cycle leaves the cell unchanged.
 */
export interface CycleTimes {
  /** Duration of one erase cycle, µs. */
  readonly eraseMicros: number;
  /** Duration of one write cycle, µs. */
  readonly writeMicros: number;
}

export type ProgramMode =
  /** Erase as needed, then write: the cell ends up holding exactly the new value. */
  | 'update'
  /** Write only: the cell ends up as old AND new (bits can only be cleared). */
  | 'write'
  /** Erase only: the cell ends up FF. */
  | 'erase';

export class Eeprom {
  readonly cells: Uint8Array;

  constructor(
    size: number,
    private readonly fault: PowerLossFault,
    private readonly times: CycleTimes,
    fill = 0xff,
  ) {
    this.cells = new Uint8Array(size).fill(fill);
  }

  get size(): number {
    return this.cells.length;
  }

  read(address: number, length: number): Uint8Array {
    return this.cells.slice(address, Math.min(address + length, this.cells.length));
  }

  /** Loads contents without programming cycles (image files, factory personalisation). */
  load(bytes: Uint8Array, address = 0): void {
    this.cells.set(bytes, address);
  }

  /**
   * Runs the programming cycle(s) that `mode` needs on one cell and returns the time they took, µs.
   * Throws PowerLost (leaving the cell as the chip would) when the armed power loss strikes.
   */
  program(address: number, value: number, mode: ProgramMode): number {
    const old = this.cells[address];
    if (old === undefined) throw new RangeError(`EEPROM address ${address} outside 0..${this.cells.length - 1}`);
    const target = mode === 'update' ? value & 0xff : mode === 'write' ? old & value : 0xff;
    const needsErase = (~old & target & 0xff) !== 0;
    const needsWrite = target !== 0xff;
    if (!needsErase && !needsWrite) return 0;
    if (this.fault.strikesNow()) {
      if (needsErase) this.cells[address] = 0xff;
      throw new PowerLost(address);
    }
    this.cells[address] = target;
    return (needsErase ? this.times.eraseMicros : 0) + (needsWrite ? this.times.writeMicros : 0);
  }
}
