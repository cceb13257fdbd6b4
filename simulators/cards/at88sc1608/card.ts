import type { ChipCommand } from '../../../src/cards/synchronous-card.ts';
import { CONFIG_SIZE, PAGE_SIZE, WRITE_CYCLE_MICROS } from '../../../src/cards/at88sc1608/commands.ts';
import { accessRegisterAddress, passwordRegisterAddress } from '../../../src/cards/at88sc1608/config-map.ts';
import { pageSlot } from '../../../src/cards/at88-i2c/page.ts';
import { TwoWireSecureMemoryCard } from '../at88-i2c/card-shell.ts';
import type { Outcome } from '../at88-i2c/outcome.ts';
import { CELLS_IN_PAGE_CYCLE } from '../at88-i2c/write-cycle.ts';
import { Eeprom } from '../common/eeprom.ts';
import type { CardOptions } from '../common/emulated-card.ts';
import type { CardImage } from '../common/image.ts';
import { configAccess, userZoneRights, type ZoneRights } from './access.ts';
import { contentsToImage, type Contents } from './contents.ts';
import type { ChipCore, Session } from './core.ts';
import { dispatch } from './dispatch.ts';
import { dumpCard } from './dump.ts';
import { nextPac } from './password.ts';

/**
 * An emulated AT88SC1608: the command handlers (dispatch.ts) inside the shell both AT88SC two-wire
 * parts share (at88-i2c/card-shell.ts: power, RST, the self-timed write cycle, power-loss faults).
 * The programming cycle is self-timed per page, 10 ms max for the whole page [AT88SC1608 0971H p1],
 * charged once per command. The rule hooks (userRights, configReadable/Writable, pageSlot, nextPac)
 * are methods so that the mutation tests can break one rule at a time in a subclass.
 */
export class At88sc1608Card extends TwoWireSecureMemoryCard implements ChipCore {
  readonly type = 'AT88SC1608' as const;
  readonly config: Eeprom;
  readonly user: Eeprom;
  readonly fuses: Eeprom;
  readonly session: Session = { zone: null, active: null };

  constructor(contents: Contents, options: CardOptions = {}) {
    super(options, WRITE_CYCLE_MICROS);
    this.config = new Eeprom(CONFIG_SIZE, this.faults, CELLS_IN_PAGE_CYCLE);
    this.config.load(contents.configuration);
    this.user = new Eeprom(contents.userZones.length, this.faults, CELLS_IN_PAGE_CYCLE);
    this.user.load(contents.userZones);
    this.fuses = new Eeprom(1, this.faults, CELLS_IN_PAGE_CYCLE);
    this.fuses.load(Uint8Array.of(contents.fuses));
  }

  fuseByte(): number {
    return this.fuses.cells[0] ?? 0xff;
  }

  userRights(zone: number): ZoneRights {
    const cells = this.config.cells;
    return userZoneRights(cells[accessRegisterAddress(zone)] ?? 0xff, cells[passwordRegisterAddress(zone)] ?? 0xff, this.session.active);
  }

  configReadable(address: number): boolean {
    return configAccess(address, this.fuseByte(), this.session.active).read;
  }

  configWritable(address: number): boolean {
    return configAccess(address, this.fuseByte(), this.session.active).write;
  }

  /** [AT88SC1608 0971H p1 "16-byte page write"] data bytes roll over inside their 16-byte page. */
  pageSlot(address: number, index: number): number {
    return pageSlot(address, index, PAGE_SIZE);
  }

  nextPac(pac: number, correct: boolean): number {
    return nextPac(pac, correct);
  }

  contents(): Contents {
    return { configuration: this.config.read(0, CONFIG_SIZE), userZones: this.user.read(0, this.user.size), fuses: this.fuseByte() };
  }

  toImage(): CardImage {
    return contentsToImage(this.contents());
  }

  dump(): string {
    return dumpCard(this.contents(), { powered: this.isPowered, ...this.session });
  }

  protected runChip(command: ChipCommand): Outcome {
    return dispatch(this, command);
  }

  /** [0971G p12] "Following a RST assertion, all password and authentication access privileges are reset." */
  protected endSession(): void {
    this.session.zone = null;
    this.session.active = null;
  }

  /** [0971G p12 Fig. 9] the ATR register's four bytes, clocked out after RST. */
  protected answerToReset(): Uint8Array {
    return this.config.read(0, 4);
  }
}
