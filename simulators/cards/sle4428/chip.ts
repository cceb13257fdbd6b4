import { DecodeError } from '../../../src/core/errors.ts';
import type { ChipCommand, ChipResponse } from '../../../src/cards/synchronous-card.ts';
import { CONTROL, ERROR_COUNTER_ADDRESS, decodeCommand } from '../../../src/cards/sle4428/commands.ts';
import type { Sle4428Memory } from './memory.ts';
import { readOut } from './outgoing.ts';
import { PscSession, isCounterAddress, isPscAddress } from './security.ts';

const NOTHING: ChipResponse = { data: new Uint8Array(0), acknowledged: true, busyMicros: 0 };

/**
 * Command dispatch of the SLE4428: decodes the 24 command bits and runs the command on memory and
 * session. The chip has no acknowledge and no status: a command it does not execute simply has no
 * effect (processing ends at once, busy 0) [IS23SC4428 "no effect on the content"].
 * The rules are protected methods so that test mutants can each break exactly one of them.
 */
export class Sle4428Chip {
  readonly session = new PscSession();

  constructor(readonly memory: Sle4428Memory) {}

  /** Runs one command; throws PowerLost from an Eeprom cycle when the armed fault strikes, DecodeError for a bad readLength. */
  execute(command: ChipCommand): ChipResponse {
    const { readLength } = command;
    if (readLength !== undefined && !(Number.isInteger(readLength) && readLength >= 0)) {
      // a host parameter, not chip bits: a bad one is the caller's error, as on the SLE4442
      throw new DecodeError(`readLength must be a whole number >= 0, got ${readLength}`, command.bytes);
    }
    const decoded = decodeCommand(command.bytes);
    if (!decoded) return NOTHING;
    const { control, address, data } = decoded;
    switch (control) {
      case CONTROL.READ_8:
      case CONTROL.READ_9: {
        const out = readOut(this.memory, address, control === CONTROL.READ_9, (a) => this.hidden(a), command.readLength);
        return { data: out, acknowledged: true, busyMicros: 0 };
      }
      case CONTROL.WRITE:
        return this.busy(this.writable(address) ? this.memory.main.program(address, data, 'update') : 0);
      case CONTROL.WRITE_PROTECT:
        return this.busy(this.writable(address) ? this.writeAndProtect(address, data) : 0);
      case CONTROL.PROTECT_COMPARE:
        // the bit is written only when the data equals the stored byte [IS23SC4428 Description]
        return this.busy(this.writable(address) && this.memory.byte(address) === data ? this.memory.protect(address) : 0);
      case CONTROL.WRITE_COUNTER:
        return this.busy(isCounterAddress(address) ? this.writeCounter(data) : 0);
      case CONTROL.COMPARE:
        if (isPscAddress(address)) this.session.compare(address, data, this.memory.byte(address));
        return NOTHING;
      default:
        return NOTHING;
    }
  }

  /** Write/erase needs a verified PSC and a byte whose protect bit still reads 1 [IS23SC4428]. */
  protected writable(address: number): boolean {
    return this.session.verified && !this.memory.isProtected(address);
  }

  /** The PSC bytes read as 00 until the PSC is verified [yktchina §6]. */
  protected hidden(address: number): boolean {
    return isPscAddress(address) && !this.session.verified;
  }

  /**
   * Write error counter: bits only go from 1 to 0 (write cycle, no erase) [IchMarcel sle4428.c:
   * 103 clocks]. A counter at 00 has no bit to give: the card is locked and the command is ignored.
   */
  protected writeCounter(data: number): number {
    const before = this.memory.byte(ERROR_COUNTER_ADDRESS);
    if (before === 0) return 0;
    const micros = this.memory.main.program(ERROR_COUNTER_ADDRESS, data, 'write');
    this.session.counterWritten(before, this.memory.byte(ERROR_COUNTER_ADDRESS));
    return micros;
  }

  /**
   * Write/erase with protect bit: the byte is erased/written, then its protect bit is written; two
   * cells, so two fault-counted cycles. The protect bit is written in the data write phase, so the
   * command lasts erase (if needed) + one write cycle [IS23SC4428: 203 clocks like a data write].
   */
  protected writeAndProtect(address: number, data: number): number {
    const old = this.memory.byte(address);
    this.memory.main.program(address, data, 'update');
    this.memory.protect(address);
    const erase = (~old & data & 0xff) !== 0 ? this.memory.times.eraseMicros : 0;
    return erase + this.memory.times.writeMicros;
  }

  private busy(micros: number): ChipResponse {
    return { data: new Uint8Array(0), acknowledged: true, busyMicros: micros };
  }
}
