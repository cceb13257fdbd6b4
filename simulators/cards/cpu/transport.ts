import type { TransmissionProtocol } from '../../../src/cards/cpu/cpu-card.ts';
import { SW } from '../../../src/cards/cpu/status-words.ts';
import type { CommandApdu } from './apdu.ts';
import type { Outcome } from './outcome.ts';

/**
 * Shapes a command's Outcome into the response APDU the protocol allows.
 *
 * T=0 [ISO/IEC 7816-3 §10.3.4, ISO/IEC 7816-4 §5.1.3]: a command sent with a data field (case 3 or
 * 4) cannot get data back in the same exchange: the card keeps the data and answers 61xx (xx = its
 * length, 00 for 256) for GET RESPONSE to fetch. A command without a data field (case 1 or 2) gets
 * its data only when Le is exactly its length; otherwise 6Cxx tells the right Le and the command must
 * be sent again.
 *
 * T=1: the data comes back directly. With no Le (Ne = 0) none is sent, only the status word; an Le
 * shorter than the data answers 6Cxx; an Le as long or longer gets all of it.
 */
export class ResponseShaper {
  private pending: Outcome | undefined;

  constructor(private readonly protocol: TransmissionProtocol) {}

  reset(): void {
    this.pending = undefined;
  }

  /** GET RESPONSE, 00 C0 00 00 Le, exists under T=0 only. */
  isGetResponse(command: CommandApdu): boolean {
    return this.protocol === 'T=0' && command.cla === 0x00 && command.ins === 0xc0;
  }

  /**
   * Le equal to what waits (or 00 for 256): all of it with the command's status word. Shorter: that
   * much, and 61xx for the rest. Longer: 6Cxx. Nothing waiting: 6985.
   */
  getResponse(command: CommandApdu): Uint8Array {
    if (command.p1 !== 0 || command.p2 !== 0) return statusOnly(SW.INCORRECT_P1P2);
    const pending = this.pending;
    if (!pending) return statusOnly(SW.CONDITIONS_NOT_SATISFIED);
    if (command.data.length !== 0 || command.ne === undefined) return statusOnly(SW.WRONG_LENGTH);
    const waiting = pending.data.length;
    if (command.ne > waiting) return statusOnly(SW.WRONG_LE | (waiting & 0xff));
    if (command.ne === waiting) {
      this.pending = undefined;
      return withStatus(pending.data, pending.sw);
    }
    this.pending = { data: pending.data.slice(command.ne), sw: pending.sw };
    return withStatus(pending.data.slice(0, command.ne), SW.BYTES_REMAINING | ((waiting - command.ne) & 0xff));
  }

  /** Any command but GET RESPONSE drops what was waiting. */
  shape(command: CommandApdu, outcome: Outcome): Uint8Array {
    this.pending = undefined;
    const length = outcome.data.length;
    if (length === 0) return statusOnly(outcome.sw);
    if (this.protocol === 'T=0') {
      if (command.data.length > 0) {
        this.pending = outcome;
        return statusOnly(SW.BYTES_REMAINING | (length & 0xff));
      }
      return command.ne === length ? withStatus(outcome.data, outcome.sw) : statusOnly(SW.WRONG_LE | (length & 0xff));
    }
    if (command.ne === undefined) return statusOnly(outcome.sw);
    return command.ne >= length ? withStatus(outcome.data, outcome.sw) : statusOnly(SW.WRONG_LE | (length & 0xff));
  }
}

function statusOnly(sw: number): Uint8Array {
  return Uint8Array.of(sw >> 8, sw & 0xff);
}

function withStatus(data: Uint8Array, sw: number): Uint8Array {
  const out = new Uint8Array(data.length + 2);
  out.set(data);
  out[data.length] = sw >> 8;
  out[data.length + 1] = sw & 0xff;
  return out;
}
