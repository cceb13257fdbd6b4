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
import type { Eeprom, ProgramMode } from '../common/eeprom.ts';
import { configReadAllowed, configWriteAllowed, deniedReadByte, fuseByte, fuseIntact, userZoneRights, type ZoneRights } from './access.ts';
import type { At88sc153Memory } from './memory.ts';
import { PasswordSession, samePassword } from './session.ts';

/** What one command did: the bytes clocked out, the acknowledge, and whether a write cycle started. */
export interface ChipResult {
  readonly data: Uint8Array;
  readonly acknowledged: boolean;
  readonly writeCycle: boolean;
}

const NACK: ChipResult = { data: new Uint8Array(0), acknowledged: false, writeCycle: false };
const ACK: ChipResult = { data: new Uint8Array(0), acknowledged: true, writeCycle: false };
const CYCLE: ChipResult = { data: new Uint8Array(0), acknowledged: true, writeCycle: true };

/**
 * The AT88SC153 command logic: decodes a command, checks access rights, programs EEPROM cells.
 * Power, busy time and faults are the card's business (card.ts). Protected methods are the rules
 * a broken variant may override (test/mutants).
 */
export class At88sc153Chip {
  readonly session = new PasswordSession();

  constructor(readonly memory: At88sc153Memory) {}

  execute(bytes: Uint8Array, readLength: number | undefined): ChipResult {
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
        return { ...ACK, data: new Uint8Array(count).fill(fuseByte(this.fuseCell)) };
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

  /** Cells a page write of `count` bytes at `address` lands on: the address rolls over inside its page [1016 Features]. */
  protected pageTargets(address: number, count: number): number[] {
    const base = address - (address % PAGE_SIZE);
    return Array.from({ length: count }, (_, i) => base + ((address + i) % PAGE_SIZE));
  }

  /** First pass of Verify Password: one more 0 bit in the counter, the lowest 1 bit [1016 p12]. */
  protected spentCounter(pac: number): number {
    return pac & (pac - 1);
  }

  /** Whether this Verify Password is the second (comparing) pass. */
  protected isSecondPass(ref: PasswordRef): boolean {
    return samePassword(this.session.pending, ref);
  }

  private readZone(bytes: Uint8Array, count: number, allowed: (address: number) => boolean, eeprom: Eeprom): ChipResult {
    const start = bytes[1];
    if (start === undefined) return ACK;
    const data = new Uint8Array(count);
    for (let i = 0; i < count; i++) {
      const address = ((start & 0x3f) + i) % ZONE_SIZE; // reads wrap at the end of the zone
      data[i] = allowed(address) ? (eeprom.cells[address] ?? 0) : deniedReadByte(this.fuseCell);
    }
    return { ...ACK, data };
  }

  /** Last value per cell of a page write (roll-over may hit a cell twice), in address order. */
  private pageWrites(bytes: Uint8Array): Map<number, number> {
    const data = bytes.subarray(2);
    const targets = this.pageTargets((bytes[1] ?? 0) & 0x3f, data.length);
    const writes = new Map<number, number>();
    targets.forEach((address, i) => writes.set(address, data[i] ?? 0xff));
    return new Map([...writes].sort(([a], [b]) => a - b));
  }

  private writeUser(zone: number, bytes: Uint8Array): ChipResult {
    const rights = this.userZoneRights(zone);
    if (bytes.length < 3 || !rights.write) return ACK;
    const eeprom = this.memory.user[zone]!;
    // write lock: only the first byte received is taken into account [1016 p9]
    const writes = this.pageWrites(rights.writeLock ? bytes.subarray(0, 3) : bytes);
    const allowed = [...writes].filter(([address]) => !rights.writeLock || this.unlocked(eeprom, address));
    if (allowed.length === 0) return ACK;
    for (const [address, value] of allowed) {
      const lockByte = rights.writeLock && address % PAGE_SIZE === 0; // lock bits never return to 1 (our choice)
      eeprom.program(address, value, rights.programOnly || lockByte ? 'write' : 'update');
    }
    return CYCLE;
  }

  /** Bit k of byte 0 of the page at 0 forbids writing byte k of the page [1016 "Write Lock Mode"]. */
  private unlocked(eeprom: Eeprom, address: number): boolean {
    const lockByte = eeprom.cells[address - (address % PAGE_SIZE)] ?? 0;
    return ((lockByte >> (address % PAGE_SIZE)) & 1) === 1;
  }

  private writeConfig(bytes: Uint8Array): ChipResult {
    if (bytes.length < 3) return ACK;
    const allowed = [...this.pageWrites(bytes)].filter(([a]) => configWriteAllowed(a, this.session, this.fuseCell, this.dcr));
    if (allowed.length === 0) return ACK;
    for (const [address, value] of allowed) this.memory.config.program(address, value, 'update');
    return CYCLE;
  }

  private verifyPassword(ref: PasswordRef, bytes: Uint8Array): ChipResult {
    if (bytes.length < 1 + PASSWORD_LENGTH) {
      this.session.pending = null;
      return ACK;
    }
    const pacAt = pacAddress(ref);
    const pac = this.memory.configByte(pacAt);
    if (this.isSecondPass(ref)) {
      // second pass compares; a valid password clears the counter [1016 p12]
      this.session.pending = null;
      const stored = this.memory.config.read(pacAt + 1, PASSWORD_LENGTH);
      const valid = stored.every((b, i) => b === bytes[i + 1]);
      this.session.active = valid ? ref : null;
      if (valid) this.memory.config.program(pacAt, 0xff, 'update');
      return CYCLE;
    }
    this.session.pending = null;
    if (pac === 0) return ACK; // all 8 bits written: not taken into account [AT88SC1608 §10, same family]
    this.memory.config.program(pacAt, this.spentCounter(pac), 'write' satisfies ProgramMode);
    this.session.pending = ref;
    return CYCLE;
  }

  /** Fuses blow one at a time, FAB then CMA then PER, with the secure code verified [1016 "Fuses"]. */
  private writeFuses(bytes: Uint8Array): ChipResult {
    const select = bytes[1];
    const index = FUSE_ORDER.findIndex((name) => FUSE[name] === select);
    const fuse = FUSE_ORDER[index];
    if (fuse === undefined || !samePassword(this.session.active, { set: 1, kind: 'write' })) return ACK;
    const inOrder = FUSE_ORDER.slice(0, index).every((earlier) => !fuseIntact(this.fuseCell, earlier));
    if (!inOrder || !fuseIntact(this.fuseCell, fuse)) return ACK;
    this.memory.fuses.program(0, ~FUSE[fuse] & 0xff, 'write');
    return CYCLE;
  }
}
