import { ZONE_COUNT, ZONE_SIZE } from '../../../src/cards/at88sc1608/commands.ts';
import { isWriteLocked } from '../../../src/cards/at88-i2c/write-lock.ts';
import { CYCLE, NACK, ack, type Outcome } from '../at88-i2c/outcome.ts';
import { pageWriteCells, programCells } from '../at88-i2c/page-write.ts';
import { userCellMode } from '../at88-i2c/zone-rights.ts';
import type { ChipCore } from './core.ts';

/** [AT88SC1608 0971H §10.1] Set User Zone Address: the three MSBs of the user address. */
export function setUserZone(core: ChipCore, bytes: Uint8Array): Outcome {
  if (bytes.length !== 2) return NACK;
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
  if (bytes.length !== 2 || zone === null) return NACK;
  const start = bytes[1] ?? 0;
  const data = new Uint8Array(readLength);
  if (core.userRights(zone).read) {
    for (let i = 0; i < readLength; i++) data[i] = core.user.cells[zone * ZONE_SIZE + ((start + i) & 0xff)] ?? 0;
  }
  return ack(data);
}

/**
 * Write User Zone: up to 16 bytes into one page, then a self-timed write cycle. A refused write
 * (rights, write lock) is not acknowledged and starts no cycle (UNVERIFIED: the datasheet page on
 * refusals was not found). Bytes are programmed in ascending address order, which fixes what a
 * power loss leaves behind.
 */
export function writeUser(core: ChipCore, bytes: Uint8Array): Outcome {
  const zone = core.session.zone;
  if (bytes.length < 2 || zone === null) return NACK;
  const address = bytes[1] ?? 0;
  const rights = core.userRights(zone);
  // Write lock mode takes only the first data byte of a command (AT88SC153 §"Write Lock", UNVERIFIED).
  const data = rights.writeLock ? bytes.slice(2, 3) : bytes.slice(2);
  if (data.length === 0) return ack();
  if (!rights.write) return NACK;
  const zoneBase = zone * ZONE_SIZE;
  const cells = pageWriteCells(address, data, (at, index) => core.pageSlot(at, index)).filter(([slot]) => zoneBase + slot < core.user.size);
  // write lock mode (UNVERIFIED for the 1608): a locked byte refuses the whole command
  if (rights.writeLock && cells.some(([slot]) => isWriteLocked(core.user.cells.subarray(zoneBase), slot))) return NACK;
  programCells(core.user, cells, (slot) => userCellMode(rights, slot), zoneBase);
  return CYCLE;
}
