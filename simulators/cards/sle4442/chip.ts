import { DecodeError } from '../../../src/core/errors.ts';
import { toHex } from '../../../src/core/hex.ts';
import type { ChipCommand } from '../../../src/cards/synchronous-card.ts';
import {
  MAIN_MEMORY_SIZE,
  PROTECTED_AREA_SIZE,
  PROTECTION_MEMORY_SIZE,
  PSC_LENGTH,
  SECURITY_MEMORY_SIZE,
  SLE4442_CONTROL as C,
} from '../../../src/cards/sle4442/commands.ts';
import type { Sle4442Memory } from './memory.ts';

export interface ChipResult {
  readonly data: Uint8Array;
  readonly busyMicros: number;
}

/** Volatile state, as the dump shows it. */
export interface Sle4442Session {
  /** A PSC attempt succeeded since power-on and none failed since: write/erase access to every area. [SLE4442 §2.4] */
  readonly verified: boolean;
  /** PSC bytes matched so far in the running attempt; undefined when no attempt is open. */
  readonly attempt: number | undefined;
}

/**
 * The SLE4442's command logic on its memories. Volatile state lives here and dies with the power;
 * power, faults and timing are the card's business (card.ts). The protected methods are the points
 * where a datasheet rule is decided, one rule each.
 *
 * Where §2.4 is silent (docs/cards/sle4442.md, "Deviations"): reads may run between the compares;
 * another processing command or a warm reset ends an open attempt; a failed compare withdraws an
 * earlier verification.
 */
export class Sle4442Chip {
  protected verified = false;
  /** PSC bytes compared equal since the counter bit of the running attempt was written. */
  protected attempt: number | undefined;

  constructor(protected readonly memory: Sle4442Memory) {}

  session(): Sle4442Session {
    return { verified: this.verified, attempt: this.attempt };
  }

  /**
   * Power removed: the verification and any running attempt are gone.
   * [SLE4442 §2.4 "as long as the operating voltage is applied"]
   */
  powerDown(): void {
    this.verified = false;
    this.attempt = undefined;
  }

  /**
   * RST pulse on a powered card: ends any running attempt (the procedure must run exactly as
   * described [SLE4442 §2.4]); the verification itself lasts until power-off.
   */
  warmReset(): void {
    this.attempt = undefined;
  }

  /** Answer to reset: main bytes 0..3 clocked out. [SLE4442 datasheet: answer-to-reset] */
  answerToReset(): Uint8Array {
    return this.memory.main.read(0, 4);
  }

  /** Runs one 3-byte command; may throw PowerLost from a programming cycle. */
  execute(command: ChipCommand): ChipResult {
    const { bytes } = command;
    if (bytes.length !== 3) {
      throw new DecodeError(`an SLE4442 command is 3 bytes (control, address, data), got ${bytes.length}: ${toHex(bytes)}`, bytes);
    }
    const [control, address, data] = [bytes[0]!, bytes[1]!, bytes[2]!];
    const { readLength } = command;
    if (readLength !== undefined && !(Number.isInteger(readLength) && readLength >= 0)) {
      throw new DecodeError(`readLength must be a whole number >= 0, got ${readLength}`, bytes);
    }
    const out = (all: Uint8Array): ChipResult => ({ data: all.slice(0, readLength ?? all.length), busyMicros: 0 });
    const processed = (busyMicros: number): ChipResult => ({ data: new Uint8Array(0), busyMicros });
    switch (control) {
      case C.readMainMemory:
        return out(this.memory.main.read(address, MAIN_MEMORY_SIZE - address));
      case C.readProtectionMemory:
        return out(this.memory.protection.read(0, PROTECTION_MEMORY_SIZE));
      case C.readSecurityMemory:
        return out(this.securityOutput());
      case C.updateMainMemory:
        return processed(this.updateMain(address, data));
      case C.writeProtectionMemory:
        return processed(this.writeProtection(address, data));
      case C.updateSecurityMemory:
        return processed(this.updateSecurity(address, data));
      case C.compareVerificationData:
        this.compare(address, data);
        return processed(0);
      default:
        // Not a command of the chip: it does not enter a processing mode. [SLE4442 datasheet: command table]
        return processed(0);
    }
  }

  /** EC, then the PSC — or 00 00 00 while it is not verified. [SLE4442 §2.4; sonovice/sle4442 main.c] */
  private securityOutput(): Uint8Array {
    const out = new Uint8Array(SECURITY_MEMORY_SIZE);
    out[0] = this.memory.errorCounter();
    if (this.pscVisible()) out.set(this.memory.psc(), 1);
    return out;
  }

  private updateMain(address: number, data: number): number {
    this.attempt = undefined; // a processing command other than the compares ends the attempt
    if (!this.verified || this.writeProtected(address)) return 0;
    return this.memory.main.program(address, data, 'update');
  }

  /** The data byte is compared with the main byte; on a match the protection bit is programmed to 0. */
  private writeProtection(address: number, data: number): number {
    this.attempt = undefined; // a processing command other than the compares ends the attempt
    if (!this.verified || address >= PROTECTED_AREA_SIZE || this.memory.main.cells[address] !== data) return 0;
    return this.memory.protection.program(address >> 3, ~(1 << (address & 7)) & 0xff, 'write');
  }

  /**
   * Address 0 is the error counter, 1..3 the PSC. Before verification only the counter can be
   * written, and only from 1 to 0; once verified every byte is updated like any EEPROM byte.
   * A write that turns a counter bit from 1 to 0 opens an attempt. [SLE4442 §2.4]
   */
  private updateSecurity(address: number, data: number): number {
    this.attempt = undefined;
    const opens = address === 0 && this.opensAttempt(this.memory.errorCounter(), data);
    let micros = 0;
    if (!this.verified) {
      if (address === 0) micros = this.programCounter(data);
    } else if (address === 0) {
      micros = this.memory.programErrorCounter(data, 'update');
    } else if (address < SECURITY_MEMORY_SIZE) {
      micros = this.memory.security.program(address, data, 'update');
    }
    if (opens) this.attempt = 0;
    return micros;
  }

  /**
   * Three compares beginning with byte 1; any variation fails the attempt, and a failed attempt
   * leaves no write access, even one granted earlier in the session ("any variation leads to a
   * failure, so that a write/erase access will not be achieved"). [SLE4442 §2.4]
   */
  private compare(index: number, data: number): void {
    if (this.attempt === undefined) return;
    const expected = this.memory.psc()[index - 1];
    if (index !== this.attempt + 1 || data !== expected) {
      this.attempt = undefined;
      this.verified = false;
      return;
    }
    this.attempt = index;
    if (index === PSC_LENGTH) {
      this.verified = true;
      this.attempt = undefined;
    }
  }

  /** Before verification the counter bits can only go from 1 to 0, never be erased. [SLE4442 §2.4] */
  protected programCounter(data: number): number {
    return this.memory.programErrorCounter(data, 'write');
  }

  /**
   * An attempt opens when the write turns a counter bit from 1 to 0; at EC = 000 none is left, so
   * no attempt can ever open again: the card is locked for good. [SLE4442 §2.4]
   */
  protected opensAttempt(counterBefore: number, data: number): boolean {
    return (counterBefore & ~data & 0x07) !== 0;
  }

  protected pscVisible(): boolean {
    return this.verified;
  }

  /** Bytes 0..31 whose protection bit is 0 can never be changed. [SLE4442 datasheet: protection memory] */
  protected writeProtected(address: number): boolean {
    return this.memory.isProtected(address);
  }
}
