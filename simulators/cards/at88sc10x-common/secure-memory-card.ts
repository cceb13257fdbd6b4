import { VirtualClock, type Clock } from '../../../src/core/clock.ts';
import { DecodeError } from '../../../src/core/errors.ts';
import { decodeAt88Command, type DecodedAt88Command } from '../../../src/cards/at88sc102/family.ts';
import type { CardType } from '../../../src/cards/card-type.ts';
import { CardMuteError, type ChipCommand, type ChipResponse } from '../../../src/cards/synchronous-card.ts';
import { Eeprom } from '../common/eeprom.ts';
import type { CardOptions, EmulatedCard } from '../common/emulated-card.ts';
import { makeImage, type CardImage } from '../common/image.ts';
import { PowerLossFault, PowerLost } from '../common/power-loss.ts';
import { BitMemory } from './bit-memory.ts';
import { ChipOperations, type Outcome } from './operations.ts';
import type { PartRules } from './rules.ts';
import { SecurityState } from './security-state.ts';

/** Image area holding the whole bit-addressed memory, fuses included (the datasheets' "memory map"). */
export const MEMORY_AREA = 'memory';

const NACK: ChipResponse = { data: new Uint8Array(0), acknowledged: false, busyMicros: 0 };

/**
 * An AT88SC102/AT88SC1604-style card: power, the timing model, command decoding and power-loss
 * handling around a part's ChipOperations. These parts have no answer-to-reset: after RST the
 * address counter is 0 and I/O shows bit 0 of the fabrication zone, so powerOn/reset answer no bytes
 * and hosts identify the card by reading FZ. [AT88SC102 pin table: RST "Address Reset"; limpkin/mooltipass
 * first-detect reads FZ]
 */
export abstract class SecureMemoryCard implements EmulatedCard {
  readonly faults = new PowerLossFault();
  protected readonly eeprom: Eeprom;
  protected readonly memory: BitMemory;
  protected readonly security = new SecurityState();
  protected readonly operations: ChipOperations;
  private readonly timing: boolean;
  private readonly clock: Clock;
  private powered = false;
  private busyUntilMs = Number.NEGATIVE_INFINITY;

  constructor(
    protected readonly rules: PartRules,
    contents: Uint8Array,
    options: CardOptions = {},
  ) {
    this.eeprom = new Eeprom(rules.bits / 8, this.faults, { eraseMicros: rules.cycleMicros, writeMicros: rules.cycleMicros });
    this.eeprom.load(contents);
    this.memory = new BitMemory(this.eeprom);
    this.timing = options.timing ?? true;
    this.clock = options.clock ?? new VirtualClock();
    this.operations = this.createOperations();
  }

  get type(): CardType {
    return this.rules.type;
  }

  get isPowered(): boolean {
    return this.powered;
  }

  /** Names of the codes validated in this power session (SC, SC1, EZ2 …). */
  get validatedCodes(): string[] {
    return this.security.names();
  }

  async powerOn(): Promise<Uint8Array> {
    this.powered = true;
    this.security.clearAll();
    this.busyUntilMs = Number.NEGATIVE_INFINITY;
    return new Uint8Array(0);
  }

  async reset(): Promise<Uint8Array> {
    if (!this.powered) throw new CardMuteError(`${this.type} is not powered`);
    this.security.pending = undefined;
    return new Uint8Array(0);
  }

  async powerOff(): Promise<void> {
    this.powered = false;
    this.security.clearAll();
  }

  async execute(command: ChipCommand): Promise<ChipResponse> {
    if (!this.powered) throw new CardMuteError(`${this.type} is not powered`);
    if (this.timing && this.clock.now() < this.busyUntilMs) return NACK;
    let decoded: DecodedAt88Command;
    try {
      decoded = decodeAt88Command(command.bytes);
    } catch (error) {
      if (error instanceof DecodeError) return NACK;
      throw error;
    }
    let outcome: Outcome | undefined;
    try {
      outcome = this.dispatch(decoded, command.readLength);
    } catch (error) {
      if (error instanceof PowerLost) {
        this.powered = false;
        this.security.clearAll();
      }
      throw error;
    }
    if (!outcome) return NACK;
    const busyMicros = this.timing ? outcome.cycles * this.rules.cycleMicros : 0;
    if (busyMicros > 0) this.busyUntilMs = this.clock.now() + busyMicros / 1000;
    return { data: outcome.data, acknowledged: true, busyMicros };
  }

  toImage(): CardImage {
    return makeImage(this.type, { [MEMORY_AREA]: this.eeprom.cells.slice() });
  }

  abstract dump(): string;

  /** The operations this card runs; variants of the emulator (test/mutants) override it. */
  protected createOperations(): ChipOperations {
    return new ChipOperations(this.memory, this.security, this.rules);
  }

  private dispatch(command: DecodedAt88Command, readLength: number | undefined): Outcome | undefined {
    switch (command.op) {
      case 'read':
        return this.operations.read(command.address, readLength);
      case 'write':
        return this.operations.write(command.address, command.data);
      case 'erase':
        return this.operations.erase(command.address);
      case 'compare':
        return this.operations.compare(command.address, command.data);
      case 'eraseZone':
        return this.operations.eraseZone(command.zone);
      case 'blowFuse':
        return this.operations.blowFuse(command.address);
    }
  }
}
