import { RDR_TO_PC } from '../../../src/reader/ccid/constants.ts';
import type { CcidClassDescriptor } from '../../../src/reader/ccid/descriptor.ts';
import { type CcidMessage, decodeCcid, encodeCcid } from '../../../src/reader/ccid/message.ts';
import { ReaderTimeoutError } from '../../../src/reader/errors.ts';
import type { CcidPort } from '../../../src/reader/transport/ccid-port.ts';
import { READER_PROFILES } from '../../../simulators/reader/profiles.ts';

/**
 * The emulator's ACR39U descriptor (libccid readers/ACS_ACR39U_ICC_Reader.txt): TPDU level, 1.8/3/5 V,
 * bClassGetResponse FF. The scripted port plays that reader without the emulator behind it.
 */
export const TPDU_READER: CcidClassDescriptor = READER_PROFILES.acr39u!.descriptor;

/** An answer built from the command: same slot and bSeq unless the script says otherwise. */
export function answerTo(
  command: CcidMessage,
  type: number,
  options: { status?: number; error?: number; third?: number; data?: Uint8Array; seq?: number; slot?: number } = {},
): Uint8Array {
  return encodeCcid({
    type,
    slot: options.slot ?? command.slot,
    seq: options.seq ?? command.seq,
    specific: [options.status ?? 0, options.error ?? 0, options.third ?? 0],
    data: options.data ?? new Uint8Array(0),
  });
}

export const dataBlock = (command: CcidMessage, data: Uint8Array, status = 0): Uint8Array =>
  answerTo(command, RDR_TO_PC.DataBlock, { data, status });

/**
 * A programmable CcidPort: `script` turns each command into the answers the "reader" sends. It
 * records what was sent and every timeout the host asked for; receive never really waits: with
 * nothing queued it fails at once with the timeout the host asked for.
 */
export class ScriptedPort implements CcidPort {
  readonly identity = { transport: 'scripted', name: 'scripted port' };
  readonly sent: CcidMessage[] = [];
  readonly receiveTimeouts: number[] = [];
  readonly aborts: Array<{ slot: number; seq: number }> = [];
  readonly interrupts: Uint8Array[] = [];
  private readonly answers: Uint8Array[] = [];
  closed = false;
  controlAbort?: (slot: number, seq: number) => Promise<void>;
  receiveInterrupt?: (timeoutMs: number) => Promise<Uint8Array | undefined>;

  constructor(
    readonly descriptor: CcidClassDescriptor,
    private readonly script: (command: CcidMessage, index: number) => Uint8Array[],
    options: { interrupts?: boolean; controlPipe?: boolean } = {},
  ) {
    if (options.interrupts) this.receiveInterrupt = async () => this.interrupts.shift();
    if (options.controlPipe) {
      this.controlAbort = async (slot, seq) => {
        this.aborts.push({ slot, seq });
      };
    }
  }

  async send(message: Uint8Array): Promise<void> {
    const command = decodeCcid(message);
    this.answers.push(...this.script(command, this.sent.length));
    this.sent.push(command);
  }

  async receive(timeoutMs: number): Promise<Uint8Array> {
    this.receiveTimeouts.push(timeoutMs);
    const next = this.answers.shift();
    if (!next) throw new ReaderTimeoutError(`scripted port: nothing queued (${timeoutMs} ms)`, timeoutMs);
    return next;
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
