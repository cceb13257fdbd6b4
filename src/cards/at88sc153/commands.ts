import { ACCESS_BIT } from '../at88-i2c/access-register.ts';
import { FUSE_BIT as FUSE, type FuseName } from '../at88-i2c/fuses.ts';
import type { PasswordKind, PasswordRef as At88PasswordRef } from '../at88-i2c/password.ts';
import type { ChipCommand } from '../synchronous-card.ts';

/**
 * AT88SC153 chip commands and memory map (Atmel doc 1016, "3 x 64 x 8 Secure Memory with
 * Authentication"). Two-wire, MSB first: a command byte (chip-select nibble + operation nibble),
 * then an address byte for zone commands, then data. As a ChipCommand: `bytes` = command byte,
 * address byte (when the command has one), data bytes; `readLength` = bytes the host clocks out.
 */

export const ZONE_SIZE = 64; // [1016 Features: one 64 x 8 configuration zone, three 64 x 8 user zones]
export const USER_ZONES = 3;
export const PAGE_SIZE = 8; // [1016 Features: 8-byte page write mode]
export const PASSWORD_LENGTH = 3; // [1016 Features: two sets of two 24-bit passwords]
export { PAC_ATTEMPTS } from '../at88-i2c/attempts-counter.ts'; // one bit of the 8-bit counter per attempt [AT88SC1608 §10 same family]
/** Self-timed write cycle, µs [1016 Features: self-timed write cycle (10 ms max)]. */
export const WRITE_CYCLE_MICROS = 10_000;

/** Default chip-select nibble: every command byte starts 1011 [1016 command table, sqf-ice at88sc153.c `| 0xB0`]. */
export const CHIP_SELECT = 0xb;

/** Operation nibbles (low half of the command byte) [sqf-ice at88sc153.c; 1016 p12 "$BD"]. */
export const OP = {
  /** 1011 zz00: Write User Zone z (B0, B4, B8). */
  writeUserZone: 0x0,
  /** 1011 zz01: Read User Zone z (B1, B5, B9). */
  readUserZone: 0x1,
  /** 1011 1100: Write Configuration Zone (BC). */
  writeConfigZone: 0xc,
  /** 1011 1101: Read Configuration Zone (BD), also the ACK-polling command [1016 p12]. */
  readConfigZone: 0xd,
  /** 1011 0010: Initialize Authentication (B2) + 8-byte Q0. */
  initAuthentication: 0x2,
  /** 1011 0110: Verify Authentication (B6) + 8-byte Q1. */
  verifyAuthentication: 0x6,
  /** 1011 1010: Write Fuses (BA) + fuse select byte. */
  writeFuses: 0xa,
  /** 1011 1110: Read Fuses (BE). */
  readFuses: 0xe,
  /** 1011 rp11: Verify Password (B3, B7, BB, BF) + 3 password bytes [1016 p12 Figure 9]. */
  verifyPassword: 0x3,
} as const;

/** Configuration-zone map (see docs/cards/at88sc153.md for what is verified). */
export const CONFIG = {
  answerToReset: 0x00, // 4 ATR bytes clocked out at reset [1016 p12], $04-$07 rest of the identification row
  fabCode: 0x08, // 2 bytes
  memoryTestZone: 0x0a, // 2 bytes
  cardManufacturerCode: 0x0c, // 4 bytes
  issuerCode: 0x10, // 8 bytes
  accessRegister0: 0x18, // AR0..AR2 at $18..$1A
  deviceConfiguration: 0x1b, // DCR
  aac: 0x20, // authentication attempts counter [1016 p8 "AAC address ($20)"]
  cryptogram: 0x21, // Ci, 7 bytes after the AAC [sqf-ice reads 8 bytes at $20]
  secretSeed: 0x28, // Gc, 8 bytes
  passwords: 0x30, // set p at $30 + 8p: PAC write, write pw x3, PAC read, read pw x3 [Telpo demo: $30/$34 PACs]
} as const;

/**
 * Access register bits; a bit at 0 enables the feature [smartcardamerica copy of 1016 "Access
 * Registers"]: the bits both parts share (WPE RPE ATE AOW WLM MDF PGO), plus PWS, bit 3, the
 * password set select (0 or 1) that only the AT88SC153 keeps in its access register.
 */
export const AR = { ...ACCESS_BIT, PWS: 0x08 } as const;

/** Device configuration register bits, 0 = enabled [1016 p8]; low nibble = chip select. */
export const DCR = { SME: 0x80, UCR: 0x40, UAT: 0x20, CS: 0x0f } as const;

/** Fuse byte bits as Read Fuses returns them, 0 = blown [Decard dcrf32.h "00000F2F1F0"]; shared with the AT88SC1608. */
export { FUSE_BIT as FUSE, FUSE_ORDER, type FuseName } from '../at88-i2c/fuses.ts';

export type { PasswordKind };
/** A password of the AT88SC153: set 0 or 1, write or read. */
export interface PasswordRef extends At88PasswordRef {
  readonly set: 0 | 1;
}

/** The secure code is the Write 1 password (rp = 01) [1016 p12]. */
export const SECURE_CODE: PasswordRef = { set: 1, kind: 'write' };

/** rp bits: r = 1 for a read password, p = set [1016 p12 Figure 9]. */
export function passwordIndex(ref: PasswordRef): number {
  return (ref.kind === 'read' ? 2 : 0) | ref.set;
}

export function passwordRef(rp: number): PasswordRef {
  return { set: (rp & 1) as 0 | 1, kind: rp & 2 ? 'read' : 'write' };
}

/** Address of the attempts counter of a password; the password follows it. */
export function pacAddress(ref: PasswordRef): number {
  return CONFIG.passwords + ref.set * 8 + (ref.kind === 'read' ? 4 : 0);
}

export function commandByte(op: number, chipSelect = CHIP_SELECT): number {
  return ((chipSelect & 0x0f) << 4) | (op & 0x0f);
}

export function readUserZone(zone: number, address: number, length: number): ChipCommand {
  return { bytes: Uint8Array.of(commandByte(OP.readUserZone | (zone << 2)), address), readLength: length };
}

export function writeUserZone(zone: number, address: number, data: Uint8Array): ChipCommand {
  return { bytes: Uint8Array.of(commandByte(OP.writeUserZone | (zone << 2)), address, ...data) };
}

export function readConfigZone(address: number, length: number): ChipCommand {
  return { bytes: Uint8Array.of(commandByte(OP.readConfigZone), address), readLength: length };
}

export function writeConfigZone(address: number, data: Uint8Array): ChipCommand {
  return { bytes: Uint8Array.of(commandByte(OP.writeConfigZone), address, ...data) };
}

export function verifyPassword(ref: PasswordRef, password: Uint8Array): ChipCommand {
  return { bytes: Uint8Array.of(commandByte(OP.verifyPassword | (passwordIndex(ref) << 2)), ...password) };
}

export function initializeAuthentication(q0: Uint8Array): ChipCommand {
  return { bytes: Uint8Array.of(commandByte(OP.initAuthentication), ...q0) };
}

export function verifyAuthentication(q1: Uint8Array): ChipCommand {
  return { bytes: Uint8Array.of(commandByte(OP.verifyAuthentication), ...q1) };
}

/** Blows one fuse: the select byte has the fuse's bit set [Decard swfus_153: 1 = FAB, 2 = CMA, 4 = PER]. */
export function writeFuses(fuse: FuseName): ChipCommand {
  return { bytes: Uint8Array.of(commandByte(OP.writeFuses), FUSE[fuse]) };
}

export function readFuses(): ChipCommand {
  return { bytes: Uint8Array.of(commandByte(OP.readFuses)), readLength: 1 };
}

/** A decoded command byte; `undefined` operation fields when the byte is not addressed to the chip. */
export type DecodedCommand =
  | { readonly kind: 'write-user' | 'read-user'; readonly zone: number }
  | { readonly kind: 'write-config' | 'read-config' | 'init-auth' | 'verify-auth' | 'write-fuses' | 'read-fuses' }
  | { readonly kind: 'verify-password'; readonly password: PasswordRef };

/** Decodes the operation nibble of a command byte (the chip-select nibble is checked by the caller). */
export function decodeOperation(commandByteValue: number): DecodedCommand {
  const low = commandByteValue & 0x0f;
  if ((low & 0x3) === 0x3) return { kind: 'verify-password', password: passwordRef(low >> 2) };
  const zone = low >> 2;
  switch (low & 0x3) {
    case 0x0:
      return zone === 3 ? { kind: 'write-config' } : { kind: 'write-user', zone };
    case 0x1:
      return zone === 3 ? { kind: 'read-config' } : { kind: 'read-user', zone };
    default:
      return { kind: (['init-auth', 'verify-auth', 'write-fuses', 'read-fuses'] as const)[zone]! };
  }
}
