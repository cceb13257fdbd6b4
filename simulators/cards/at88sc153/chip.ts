import {
  CHIP_SELECT,
  CONFIG,
  DCR,
  FUSE,
  FUSE_ORDER,
  PAGE_SIZE,
  PASSWORD_LENGTH,
  ZONE_SIZE,
  decodeOperation,
  pacAddress,
  type PasswordRef,
} from '../../../src/cards/at88sc153/commands.ts';
import { PAC_FULL, spendAttempt } from '../../../src/cards/at88-i2c/attempts-counter.ts';
import { pageSlot } from '../../../src/cards/at88-i2c/page.ts';
import { samePassword } from '../../../src/cards/at88-i2c/password.ts';
import { isWriteLocked } from '../../../src/cards/at88-i2c/write-lock.ts';
import { NACK, CYCLE, ack, type Outcome } from '../at88-i2c/outcome.ts';
import { pageWriteCells, programCells } from '../at88-i2c/page-write.ts';
import { userCellMode } from '../at88-i2c/zone-rights.ts';
import type { Eeprom } from '../common/eeprom.ts';
import { configReadAllowed, configWriteAllowed, deniedReadByte, fuseByte, fuseIntact, userZoneRights, type ZoneRights } from './access.ts';
import type { At88sc153Memory } from './memory.ts';
import { PasswordSession } from './session.ts';

/**
 * The AT88SC153 command logic: decodes a command, checks access rights, programs EEPROM cells.
 * Power, busy time and faults are the card's business (card.ts). Protected methods are the rules
 * a broken variant may override (test/mutants).
 */
export class At88sc153Chip {
  readonly session = new PasswordSession();

  constructor(readonly memory: At88sc153Memory) {}

  execute(bytes: Uint8Array, readLength: number | undefined): Outcome {
    const command = bytes[0];
    if (command === undefined || !this.addressed(command)) return NACK;
    const op = decodeOperation(command);
    // The authentication cipher is not implemented: refuse instead of pretending (docs/cards/at88sc153.md).
    if (op.kind === 'init-auth' || op.kind === 'verify-auth') return NACK;
    // Only Verify Password (and $BD ACK polling) may come between the two passes [1016 p12 "twice in sequence"].
    if (op.kind !== 'verify-password' && op.kind !== 'read-config') this.session.pending = null;
    const count = readLength ?? 1;
    switch (op.kind) {
      case 'read-user':
        return this.readZone(bytes, count, () => this.userZoneRights(op.zone).read, this.memory.user[op.zone]!);
      case 'write-user':
        return this.writeUser(op.zone, bytes);
      case 'read-config':
        return this.readZone(bytes, count, (a) => configReadAllowed(a, this.session, this.fuseCell, this.dcr), this.memory.config);
      case 'write-config':
        return this.writeConfig(bytes);
      case 'verify-password':
        return this.verifyPassword(op.password, bytes);
      case 'write-fuses':
        return this.writeFuses(bytes);
      case 'read-fuses':
        return ack(new Uint8Array(count).fill(fuseByte(this.fuseCell)));
    }
  }

  private get fuseCell(): number {
    return this.memory.fuseCell;
  }

  private get dcr(): number {
    return this.memory.configByte(CONFIG.deviceConfiguration);
  }

  /** The chip answers $B and the chip-select nibble of the DCR [1016 "Programmable Chip Select"; CryptoMemory §8.5]. */
  private addressed(command: number): boolean {
    const nibble = command >> 4;
    return nibble === CHIP_SELECT || nibble === (this.dcr & DCR.CS);
  }

  protected userZoneRights(zone: number): ZoneRights {
    return userZoneRights(this.memory.configByte(CONFIG.accessRegister0 + zone), this.session);
  }

  /** Cell the `index`-th data byte of a page write at `address` lands on: it rolls over inside its 8-byte page [1016 Features]. */
  protected pageSlot(address: number, index: number): number {
    return pageSlot(address, index, PAGE_SIZE);
  }

  /** First pass of Verify Password: one more 0 bit in the counter, the lowest 1 bit [1016 p12]. */
  protected spentCounter(pac: number): number {
    return spendAttempt(pac);
  }

  /** Whether this Verify Password is the second (comparing) pass. */
  protected isSecondPass(ref: PasswordRef): boolean {
    return samePassword(this.session.pending, ref);
  }

  private readZone(bytes: Uint8Array, count: number, allowed: (address: number) => boolean, eeprom: Eeprom): Outcome {
    const start = bytes[1];
    if (start === undefined) return ack();
    const data = new Uint8Array(count);
    for (let i = 0; i < count; i++) {
      const address = ((start & 0x3f) + i) % ZONE_SIZE; // reads wrap at the end of the zone
      data[i] = allowed(address) ? (eeprom.cells[address] ?? 0) : deniedReadByte(this.fuseCell);
    }
    return ack(data);
  }

  /** Last value per cell of a page write (roll-over may hit a cell twice), in address order, inside the zone. */
  private pageWrites(bytes: Uint8Array): [number, number][] {
    const cells = pageWriteCells((bytes[1] ?? 0) & 0x3f, bytes.subarray(2), (address, index) => this.pageSlot(address, index));
    return cells.filter(([address]) => address < ZONE_SIZE);
  }

  private writeUser(zone: number, bytes: Uint8Array): Outcome {
    const rights = this.userZoneRights(zone);
    if (bytes.length < 3 || !rights.write) return ack();
    const eeprom = this.memory.user[zone]!;
    // write lock: only the first byte received is taken into account, and locked bytes are skipped [1016 p9]
    const writes = this.pageWrites(rights.writeLock ? bytes.subarray(0, 3) : bytes);
    const allowed = writes.filter(([address]) => !rights.writeLock || !isWriteLocked(eeprom.cells, address));
    if (allowed.length === 0) return ack();
    programCells(eeprom, allowed, (address) => userCellMode(rights, address));
    return CYCLE;
  }

  private writeConfig(bytes: Uint8Array): Outcome {
    if (bytes.length < 3) return ack();
    const allowed = this.pageWrites(bytes).filter(([a]) => configWriteAllowed(a, this.session, this.fuseCell, this.dcr));
    if (allowed.length === 0) return ack();
    programCells(this.memory.config, allowed, () => 'update');
    return CYCLE;
  }

  private verifyPassword(ref: PasswordRef, bytes: Uint8Array): Outcome {
    if (bytes.length < 1 + PASSWORD_LENGTH) {
      this.session.pending = null;
      return ack();
    }
    const pacAt = pacAddress(ref);
    const pac = this.memory.configByte(pacAt);
    if (this.isSecondPass(ref)) {
      // second pass compares; a valid password clears the counter [1016 p12]
      this.session.pending = null;
      const stored = this.memory.config.read(pacAt + 1, PASSWORD_LENGTH);
      const valid = stored.every((b, i) => b === bytes[i + 1]);
      this.session.active = valid ? ref : null;
      if (valid) this.memory.config.program(pacAt, PAC_FULL, 'update');
      return CYCLE;
    }
    this.session.pending = null;
    if (pac === 0) return ack(); // all 8 bits written: not taken into account [AT88SC1608 §10, same family]
    this.memory.config.program(pacAt, this.spentCounter(pac), 'write');
    this.session.pending = ref;
    return CYCLE;
  }

  /** Fuses blow one at a time, FAB then CMA then PER, with the secure code verified [1016 "Fuses"]. */
  private writeFuses(bytes: Uint8Array): Outcome {
    const select = bytes[1];
    const index = FUSE_ORDER.findIndex((name) => FUSE[name] === select);
    const fuse = FUSE_ORDER[index];
    if (fuse === undefined || !samePassword(this.session.active, { set: 1, kind: 'write' })) return ack();
    const inOrder = FUSE_ORDER.slice(0, index).every((earlier) => !fuseIntact(this.fuseCell, earlier));
    if (!inOrder || !fuseIntact(this.fuseCell, fuse)) return ack();
    this.memory.fuses.program(0, ~FUSE[fuse] & 0xff, 'write');
    return CYCLE;
  }
}
