import { InputError } from '../../core/errors.ts';
import type { ChipCommand } from '../synchronous-card.ts';

/**
 * SLE4442 chip commands: three bytes clocked in between START and STOP — control, address, data —
 * then either an outgoing-data mode (reads) or a processing mode (writes, compare).
 * Control bytes confirmed by independent public sources (Bus Pirate 5 sle4442.c, OMNIKEY sccmusbm.h,
 * erossi/libsle4442 sle.h) against the datasheet's command table. [SLE4442 datasheet: command table; section number not verified]
 */
export const SLE4442_CONTROL = {
  readMainMemory: 0x30,
  updateMainMemory: 0x38,
  readProtectionMemory: 0x34,
  writeProtectionMemory: 0x3c,
  readSecurityMemory: 0x31,
  updateSecurityMemory: 0x39,
  compareVerificationData: 0x33,
} as const;

export type Sle4442ControlName = keyof typeof SLE4442_CONTROL;

/** 256 × 8 bit main memory. [SLE4442 datasheet: features] */
export const MAIN_MEMORY_SIZE = 256;
/** Bytes 0..31 have a one-time programmable protection bit each. [SLE4442 datasheet: features] */
export const PROTECTED_AREA_SIZE = 32;
/** Protection memory as read out: 32 bits = 4 bytes, bit 0 of the first byte = main byte 0. */
export const PROTECTION_MEMORY_SIZE = 4;
/** Security memory: error counter (byte 0, bits 0..2) and the 3-byte PSC (bytes 1..3). [SLE4442 §2.4] */
export const SECURITY_MEMORY_SIZE = 4;
export const PSC_LENGTH = 3;
/** The three error-counter bits; EC = 111b means three attempts left. [SLE4442 §2.4] */
export const ERROR_COUNTER_MASK = 0x07;
/** Data byte of UPDATE SECURITY MEMORY that erases the error counter after a successful compare. [SLE4442 §2.4] */
export const ERASE_ERROR_COUNTER = 0xff;

function command(control: number, address = 0, data = 0, readLength?: number): ChipCommand {
  const bytes = Uint8Array.of(control, address, data);
  return readLength === undefined ? { bytes } : { bytes, readLength };
}

function byteValue(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 0 || value > 0xff) throw new InputError(field, `${value} is not a byte (0..255)`);
  return value;
}

/** READ MAIN MEMORY (30 aa --): outputs from `address` to the end of memory unless `readLength` stops it. */
export function readMain(address: number, readLength?: number): ChipCommand {
  return command(SLE4442_CONTROL.readMainMemory, byteValue(address, 'address'), 0, readLength);
}

/** UPDATE MAIN MEMORY (38 aa dd): erase and/or write one byte. */
export function updateMain(address: number, data: number): ChipCommand {
  return command(SLE4442_CONTROL.updateMainMemory, byteValue(address, 'address'), byteValue(data, 'data'));
}

/** READ PROTECTION MEMORY (34 -- --): outputs the 32 protection bits as 4 bytes. */
export function readProtection(readLength?: number): ChipCommand {
  return command(SLE4442_CONTROL.readProtectionMemory, 0, 0, readLength);
}

/** WRITE PROTECTION MEMORY (3C aa dd): protects byte `address` (0..31) if it holds `data`. */
export function writeProtection(address: number, data: number): ChipCommand {
  return command(SLE4442_CONTROL.writeProtectionMemory, byteValue(address, 'address'), byteValue(data, 'data'));
}

/** READ SECURITY MEMORY (31 -- --): outputs EC and the three PSC bytes (00 unless verified). */
export function readSecurity(readLength?: number): ChipCommand {
  return command(SLE4442_CONTROL.readSecurityMemory, 0, 0, readLength);
}

/** UPDATE SECURITY MEMORY (39 aa dd): address 0 = error counter, 1..3 = PSC bytes. */
export function updateSecurity(address: number, data: number): ChipCommand {
  return command(SLE4442_CONTROL.updateSecurityMemory, byteValue(address, 'address'), byteValue(data, 'data'));
}

/** COMPARE VERIFICATION DATA (33 0i dd): compares `data` with PSC byte `index` (1..3). */
export function compareVerificationData(index: number, data: number): ChipCommand {
  if (index !== 1 && index !== 2 && index !== 3) throw new InputError('PSC byte index', `${index} is not 1, 2 or 3`);
  return command(SLE4442_CONTROL.compareVerificationData, index, byteValue(data, 'data'));
}

/** Attempts left = error-counter bits still 1. [SLE4442 §2.4] */
export function attemptsLeft(errorCounter: number): number {
  let count = 0;
  for (let bits = errorCounter & ERROR_COUNTER_MASK; bits !== 0; bits &= bits - 1) count++;
  return count;
}

/**
 * The error counter with its highest 1 bit written to 0: the "write free bit in error counter"
 * data of the PSC procedure (07 → 03 → 01 → 00, the sequence ACS readers report). [SLE4442 §2.4]
 */
export function clearOneCounterBit(errorCounter: number): number {
  const ec = errorCounter & ERROR_COUNTER_MASK;
  for (let bit = 2; bit >= 0; bit--) if (ec & (1 << bit)) return ec & ~(1 << bit);
  return 0;
}

/** Whether protection-memory bytes (as read by 34) mark main byte `address` as protected (bit = 0). */
export function isProtectedIn(protection: Uint8Array, address: number): boolean {
  if (address < 0 || address >= PROTECTED_AREA_SIZE) return false;
  return (((protection[address >> 3] ?? 0xff) >> (address & 7)) & 1) === 0;
}
