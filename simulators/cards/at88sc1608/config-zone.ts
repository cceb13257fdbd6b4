import { CONFIG_SIZE, FUSE_ADDRESS } from '../../../src/cards/at88sc1608/commands.ts';
import { FUSE_BIT, FUSE_ORDER } from '../../../src/cards/at88sc1608/config-map.ts';
import { fuseIntact } from '../../../src/cards/at88-i2c/fuses.ts';
import { secureCodeActive } from './access.ts';
import { CYCLE, NACK, ack, type Outcome } from '../at88-i2c/outcome.ts';
import { pageWriteCells, programCells } from '../at88-i2c/page-write.ts';
import type { ChipCore } from './core.ts';

/**
 * Read Configuration Zone: sequential read, the 7-bit address rolling over inside the 128 bytes
 * (UNVERIFIED). Bytes the host may not read give 00. An address with bit 7 set reads the fuse byte
 * (ACS ACR38 manual: "1000 0000b for reading fuse"; sqf-ice reads it at $80).
 */
export function readConfig(core: ChipCore, bytes: Uint8Array, readLength: number): Outcome {
  if (bytes.length !== 2) return NACK;
  const start = bytes[1] ?? 0;
  const data = new Uint8Array(readLength);
  for (let i = 0; i < readLength; i++) {
    const address = (start + i) & (CONFIG_SIZE - 1);
    if (start >= FUSE_ADDRESS) data[i] = core.fuseByte();
    else if (core.configReadable(address)) data[i] = core.config.cells[address] ?? 0;
  }
  return ack(data);
}

/**
 * Fuses: only after the secure code, one at a time in the order FAB, CMA, PER, and never back
 * [AT88SC1608 0971H p8 "Secure Code"; CryptoMemory 5211C "Write Fuses" states the order rule for
 * the family]. The write to $80 with no data blows the next intact fuse (as sqf-ice's driver
 * sends it; which fuse a bare $B4 $80 blows is UNVERIFIED). A fuse is a bit written 1 → 0.
 */
export function blowFuse(core: ChipCore): Outcome {
  const fuses = core.fuseByte();
  const next = FUSE_ORDER.find((name) => fuseIntact(fuses, name));
  if (next === undefined || !secureCodeActive(core.session.active, fuses)) return NACK;
  core.fuses.program(0, fuses & ~FUSE_BIT[next] & 0xff, 'write');
  return CYCLE;
}

/**
 * Write Configuration Zone: up to 16 bytes in one page, with roll-over. If any byte is not
 * writable the whole command is refused, nothing is programmed and no cycle starts (the rule
 * CryptoMemory 5211C §"Write Config Zone" gives; UNVERIFIED for the 1608).
 */
export function writeConfig(core: ChipCore, bytes: Uint8Array): Outcome {
  if (bytes.length < 2) return NACK;
  const address = bytes[1] ?? 0;
  if (address >= FUSE_ADDRESS) return bytes.length === 2 ? blowFuse(core) : NACK;
  const data = bytes.slice(2);
  if (data.length === 0) return ack();
  const cells = pageWriteCells(address, data, (at, index) => core.pageSlot(at, index)).filter(([slot]) => slot < CONFIG_SIZE);
  if (!cells.every(([slot]) => core.configWritable(slot))) return NACK;
  programCells(core.config, cells, () => 'update');
  return CYCLE;
}
