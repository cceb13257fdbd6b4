import type { ChipCommand, ChipResponse } from '../../../src/cards/synchronous-card.ts';
import { CardMuteError } from '../../../src/cards/synchronous-card.ts';
import type { CardOptions, EmulatedCard } from '../common/emulated-card.ts';
import { makeImage, type CardImage } from '../common/image.ts';
import { PowerLost, PowerLossFault } from '../common/power-loss.ts';
import { Sle4442Chip } from './chip.ts';
import { dumpSle4442 } from './dump.ts';
import { NO_CYCLE_TIME, SLE4442_CYCLE_TIMES } from './factory.ts';
import { Sle4442Memory, type Sle4442Contents } from './memory.ts';

/** Builds the command logic on a card's memories; variants (test mutants) pass their own. */
export type Sle4442ChipFactory = (memory: Sle4442Memory) => Sle4442Chip;

/**
 * An emulated SLE4442: power and fault handling around the chip logic. The part has no acknowledge
 * bit, so every response is `acknowledged: true`; busyMicros is the erase/write time the host has to
 * clock through in processing mode (0 with the timing model off). The options' clock is not used:
 * the SLE4442 is clocked by the reader and never refuses a command while busy.
 */
export class Sle4442Card implements EmulatedCard {
  readonly type = 'SLE4442' as const;
  readonly faults = new PowerLossFault();
  private readonly memory: Sle4442Memory;
  private readonly chip: Sle4442Chip;
  private powered = false;

  constructor(contents: Sle4442Contents, options: CardOptions = {}, chipFactory: Sle4442ChipFactory = (m) => new Sle4442Chip(m)) {
    this.memory = new Sle4442Memory(contents, this.faults, options.timing === false ? NO_CYCLE_TIME : SLE4442_CYCLE_TIMES);
    this.chip = chipFactory(this.memory);
  }

  /** Cold reset; on a card already powered it acts as a power cycle. */
  async powerOn(): Promise<Uint8Array> {
    this.chip.powerDown();
    this.powered = true;
    return this.chip.answerToReset();
  }

  async reset(): Promise<Uint8Array> {
    this.requirePower('reset');
    this.chip.warmReset();
    return this.chip.answerToReset();
  }

  async powerOff(): Promise<void> {
    this.powered = false;
    this.chip.powerDown();
  }

  async execute(command: ChipCommand): Promise<ChipResponse> {
    this.requirePower('execute a command');
    try {
      const { data, busyMicros } = this.chip.execute(command);
      return { data, acknowledged: true, busyMicros };
    } catch (error) {
      // No anti-tearing: the cell is left as the cut cycle left it, the card goes dark.
      if (error instanceof PowerLost) await this.powerOff();
      throw error;
    }
  }

  toImage(): CardImage {
    const { main, protection, security } = this.memory.contents();
    return makeImage(this.type, { main, protection, security });
  }

  dump(): string {
    return dumpSle4442({ contents: this.memory.contents(), powered: this.powered, session: this.chip.session() });
  }

  private requirePower(what: string): void {
    if (!this.powered) throw new CardMuteError(`SLE4442 is not powered: cannot ${what}`);
  }
}
