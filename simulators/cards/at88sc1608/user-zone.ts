import { ZONE_COUNT, ZONE_SIZE } from '../../../src/cards/at88sc1608/commands.ts';
import { ack, cycle, nack, pageBuffer, type ChipCore, type Outcome } from './core.ts';

/** [AT88SC1608 0971H §10.1] Set User Zone Address: the three MSBs of the user address. */
export function setUserZone(core: ChipCore, bytes: Uint8Array): Outcome {
  if (bytes.length !== 2) return nack;
  core.session.zone = (bytes[1] ?? 0) & (ZONE_COUNT - 1);
  return ack();
}

/**
 * Read User Zone: sequential read from the address; the 8-bit byte address rolls over inside the
 * selected zone (UNVERIFIED; the zone bits only change with Set User Zone Address). A zone the host
 * may not read gives 00 bytes (UNVERIFIED; the sister part AT88SC153 gives 00 or, while CMA or PER
 * is intact, the fuse status [1016 "Read Password Enable"] — not modelled here).
 * [0971H §10.1] no user zone access before Set User Zone Address: NACK.
 */
export function readUser(core: ChipCore, bytes: Uint8Array, readLength: number): Outcome {
  const zone = core.session.zone;
  if (bytes.length !== 2 || zone === null) return nack;
  const start = bytes[1] ?? 0;
  const data = new Uint8Array(readLength);
  if (core.userRights(zone).read) {
    for (let i = 0; i < readLength; i++) data[i] = core.user.cells[zone * ZONE_SIZE + ((start + i) & 0xff)] ?? 0;
  }
  return ack(data);
}

/** Write lock mode: bit (a mod 8) of the first byte of a's 8-byte block, 0 = locked (UNVERIFIED). */
function lockedByWriteLock(core: ChipCore, zoneBase: number, address: number): boolean {
  const lockByte = core.user.cells[zoneBase + (address & ~0x07)] ?? 0xff;
  return ((lockByte >> (address & 0x07)) & 1) === 0;
}

/**
 * Write User Zone: up to 16 bytes into one page, then a self-timed write cycle. A refused write
 * (rights, write lock) is not acknowledged and starts no cycle (UNVERIFIED: the datasheet page on
 * refusals was not found). Bytes are programmed in ascending address order, which fixes what a
 * power loss leaves behind.
 */
export function writeUser(core: ChipCore, bytes: Uint8Array): Outcome {
  const zone = core.session.zone;
  if (bytes.length < 2 || zone === null) return nack;
  const address = bytes[1] ?? 0;
  const rights = core.userRights(zone);
  // Write lock mode takes only the first data byte of a command (AT88SC153 §"Write Lock", UNVERIFIED).
  const data = rights.writeLock ? bytes.slice(2, 3) : bytes.slice(2);
  if (data.length === 0) return ack();
  if (!rights.write) return nack;
  const zoneBase = zone * ZONE_SIZE;
  const buffer = [...pageBuffer(core, address, data)].filter(([slot]) => zoneBase + slot < core.user.size);
  if (rights.writeLock && buffer.some(([slot]) => lockedByWriteLock(core, zoneBase, slot))) return nack;
  for (const [slot, value] of buffer.sort(([a], [b]) => a - b)) {
    const lockByte = rights.writeLock && (slot & 0x07) === 0;
    core.user.program(zoneBase + slot, value, lockByte ? 'write' : rights.mode);
  }
  return cycle;
}
