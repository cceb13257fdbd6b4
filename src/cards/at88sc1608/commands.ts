import type { PasswordRef } from '../at88-i2c/password.ts';
import type { ChipCommand } from '../synchronous-card.ts';

/**
 * AT88SC1608 chip commands. The part speaks an I²C-like two-wire protocol, MSB first
 * [AT88SC1608 0971H §10]: START, a command byte (it takes the place of an I²C device address),
 * address/data bytes each acknowledged by the chip, STOP. A `ChipCommand` carries one such
 * transaction: `bytes` = command byte, address byte(s), data; `readLength` = the bytes the host
 * clocks out after the address (reads only; omitted = 1). A command that consists of the command
 * byte alone is an ACK poll: the chip acknowledges it unless its write cycle is still running.
 */
export const AT88SC1608_COMMAND = {
  // Byte values: [AT88SC1608 0971H Table 10-1] names, values as used by public drivers
  // (sqf-ice/Mygit smartcard/MEMORY/at88sc1608.h) and the datasheet figures (Verify Password = $B3).
  writeUserZone: 0xb0,
  readUserZone: 0xb1,
  setUserZoneAddress: 0xb2,
  verifyPassword: 0xb3,
  writeConfigurationZone: 0xb4,
  readConfigurationZone: 0xb5,
  initializeAuthentication: 0xb6,
  verifyAuthentication: 0xb7,
} as const;

/** [AT88SC1608 0971G p12 Fig. 9] the four ATR bytes programmed by Atmel, in transmission order. */
export const AT88SC1608_ATR = Uint8Array.of(0x2c, 0xaa, 0x55, 0xa0);

export const ZONE_COUNT = 8;
export const ZONE_SIZE = 256;
export const CONFIG_SIZE = 128;
/** [AT88SC1608 0971H p1 Features] 16-byte page write mode. */
export const PAGE_SIZE = 16;
/** [AT88SC1608 0971H p1 Features] self-timed write cycle, 10 ms max. */
export const WRITE_CYCLE_MICROS = 10_000;
// [AT88SC1608 0971H p8 "Attempts Counters"] eight consecutive incorrect presentations allowed:
// PAC_ATTEMPTS and the counter coding are in src/cards/at88-i2c/attempts-counter.ts.

/** A password: set 0..7, write or read. The secure code is Write 7 [AT88SC1608 0971H p8 "Secure Code"]. */
export type { PasswordRef };
export { describePassword } from '../at88-i2c/password.ts';

export const SECURE_CODE: PasswordRef = { set: 7, kind: 'write' };

/** [AT88SC1608 0971G p12 Fig. 10] index byte `****rppp`: r = 1 read password, ppp = set. */
export function passwordIndex(ref: PasswordRef): number {
  return (ref.kind === 'read' ? 0x08 : 0x00) | (ref.set & 0x07);
}

export function passwordFromIndex(index: number): PasswordRef {
  return { set: index & 0x07, kind: (index & 0x08) !== 0 ? 'read' : 'write' };
}

const command = (bytes: number[], readLength?: number): ChipCommand =>
  readLength === undefined ? { bytes: Uint8Array.from(bytes) } : { bytes: Uint8Array.from(bytes), readLength };

/** [AT88SC1608 0971H §10.1 Fig. 10-1] selects user zone 0..7: the three MSBs of the 11-bit user address. */
export const setUserZoneAddress = (zone: number): ChipCommand => command([0xb2, zone & 0xff]);

export const readUserZone = (address: number, length: number): ChipCommand => command([0xb1, address & 0xff], length);

export const writeUserZone = (address: number, data: Uint8Array): ChipCommand => command([0xb0, address & 0xff, ...data]);

export const readConfigurationZone = (address: number, length: number): ChipCommand =>
  command([0xb5, address & 0xff], length);

export const writeConfigurationZone = (address: number, data: Uint8Array): ChipCommand =>
  command([0xb4, address & 0xff, ...data]);

export const verifyPassword = (ref: PasswordRef, password: Uint8Array): ChipCommand =>
  command([0xb3, passwordIndex(ref), ...password.slice(0, 3)]);

/** Address $80 of the configuration zone is the fuse byte (ACS ACR38 manual, AT88SC1608 section). */
export const FUSE_ADDRESS = 0x80;

export const readFuses = (): ChipCommand => readConfigurationZone(FUSE_ADDRESS, 1);

/** Blows the next intact fuse (FAB, then CMA, then PER); sqf-ice sends it with no data byte. */
export const blowNextFuse = (): ChipCommand => command([0xb4, FUSE_ADDRESS]);

/** [AT88SC1608 0971G p12] ACK polling uses $B5 (Read Configuration Zone); the command byte alone is enough. */
export const ackPoll = (): ChipCommand => command([0xb5]);

export const initializeAuthentication = (q0: Uint8Array): ChipCommand => command([0xb6, ...q0.slice(0, 8)]);

export const verifyAuthentication = (q1: Uint8Array): ChipCommand => command([0xb7, ...q1.slice(0, 8)]);
