import { CONFIG, WRITE_CYCLE_MICROS } from '../../../src/cards/at88sc153/commands.ts';
import type { ChipCommand } from '../../../src/cards/synchronous-card.ts';
import { TwoWireSecureMemoryCard } from '../at88-i2c/card-shell.ts';
import type { Outcome } from '../at88-i2c/outcome.ts';
import { CELLS_IN_PAGE_CYCLE } from '../at88-i2c/write-cycle.ts';
import type { CardOptions } from '../common/emulated-card.ts';
import type { CardImage } from '../common/image.ts';
import { At88sc153Chip } from './chip.ts';
import { dumpAt88sc153 } from './dump.ts';
import { at88sc153ToImage } from './image.ts';
import { At88sc153Memory, type At88sc153Contents } from './memory.ts';

export type ChipFactory = (memory: At88sc153Memory) => At88sc153Chip;

/**
 * An emulated AT88SC153: the chip logic (chip.ts) inside the shell both AT88SC two-wire parts share
 * (at88-i2c/card-shell.ts: power, RST, the self-timed write cycle, power-loss faults). The cycle is
 * self-timed, 10 ms max for a whole page [1016 Features], so it is charged once per write command.
 */
export class At88sc153Card extends TwoWireSecureMemoryCard {
  readonly type = 'AT88SC153' as const;
  private readonly chip: At88sc153Chip;

  constructor(contents: At88sc153Contents, options: CardOptions = {}, chipFactory: ChipFactory = (m) => new At88sc153Chip(m)) {
    super(options, WRITE_CYCLE_MICROS);
    this.chip = chipFactory(new At88sc153Memory(contents, this.faults, CELLS_IN_PAGE_CYCLE));
  }

  toImage(): CardImage {
    return at88sc153ToImage(this.chip.memory.contents());
  }

  dump(): string {
    return dumpAt88sc153(this.chip.memory.contents(), this.chip.session);
  }

  protected runChip(command: ChipCommand): Outcome {
    return this.chip.execute(command.bytes, command.readLength);
  }

  /** Power-on, RST and power-off drop the verified password and a pending first pass [1016 p9]. */
  protected endSession(): void {
    this.chip.session.clear();
  }

  /** ATR = configuration bytes $00..$03 [1016 p12]. */
  protected answerToReset(): Uint8Array {
    return this.chip.memory.config.read(CONFIG.answerToReset, 4);
  }
}
