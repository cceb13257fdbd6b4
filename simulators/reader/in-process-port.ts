import type { CcidClassDescriptor } from '../../src/reader/ccid/descriptor.ts';
import { ReaderLinkError, ReaderTimeoutError } from '../../src/reader/errors.ts';
import type { CcidPort, ReaderIdentity } from '../../src/reader/transport/ccid-port.ts';
import { MessageQueue } from '../../src/reader/transport/message-queue.ts';
import type { ReaderEmulator, TimedAnswer } from './reader-emulator.ts';

/**
 * A CcidPort straight into an emulator: `send` hands the message to the emulator without waiting (as
 * a bulk-OUT transfer completes before the answer), answers queue for `receive`, notifications for
 * `receiveInterrupt`, and `controlAbort` is the class request.
 *
 * Latency is judged on the emulator's clock, from the time each answer leaves the reader
 * (`handleTimed`): a receive counts its timeout from the send, or from the answer or timeout that
 * ended the receive before it, as a host's successive reads do. An answer due later than that
 * deadline (a delay fault on a VirtualClock) times the receive out and stays queued; the next receive
 * counts from the deadline just missed, so a late answer reaches a later receive (where CcidReader
 * drops it as stale by bSeq, as libccid does) instead of blocking the queue. Time extensions come at
 * their own times, so each one restarts the host's wait as on a real reader. The wall-time wait for a
 * queued answer is `timeoutMs` too, for an emulator that never answers.
 */
export function inProcessPort(emulator: ReaderEmulator): CcidPort {
  return new InProcessPort(emulator);
}

class InProcessPort implements CcidPort {
  readonly identity: ReaderIdentity;
  readonly descriptor: CcidClassDescriptor;
  private readonly answers = new MessageQueue<TimedAnswer>('drop');
  private readonly interrupts = new MessageQueue<Uint8Array>('drop');
  private readonly unsubscribe: () => void;
  private readonly stopWatchingUnplug: () => void;
  private closed = false;
  /** Emulator-clock time the next receive counts its timeout from. */
  private waitFrom: number;

  constructor(private readonly emulator: ReaderEmulator) {
    const { profile } = emulator;
    this.identity = { transport: 'in-process', name: profile.label, vendorId: profile.vendorId, productId: profile.productId };
    this.descriptor = profile.descriptor;
    this.unsubscribe = emulator.onInterrupt((message) => this.interrupts.push(message));
    this.stopWatchingUnplug = emulator.faults.onUnplug(() => this.linkLost(new ReaderLinkError(`${profile.label} was unplugged`)));
    this.waitFrom = emulator.clock.now();
  }

  async send(message: Uint8Array): Promise<void> {
    this.assertOpen('send');
    this.waitFrom = Math.max(this.waitFrom, this.emulator.clock.now());
    this.emulator.handleTimed(Uint8Array.from(message)).then(
      (answers) => answers.forEach((answer) => this.answers.push(answer)),
      (error: unknown) => this.linkLost(error instanceof ReaderLinkError ? error : new ReaderLinkError('the emulated reader failed', { cause: error })),
    );
  }

  async receive(timeoutMs: number): Promise<Uint8Array> {
    this.assertOpen('receive');
    const deadline = this.waitFrom + timeoutMs;
    const answer = await this.answers.next<never>({
      timeoutMs,
      isLate: (item) => item.at > deadline,
      expire: () => {
        this.waitFrom = Math.max(this.waitFrom, deadline);
        throw new ReaderTimeoutError(`no answer from ${this.identity.name} within ${timeoutMs} ms`, timeoutMs);
      },
    });
    this.waitFrom = Math.max(this.waitFrom, answer.at);
    return answer.bytes;
  }

  async receiveInterrupt(timeoutMs: number): Promise<Uint8Array | undefined> {
    this.assertOpen('receiveInterrupt');
    return this.interrupts.next<undefined>({ timeoutMs, expire: () => undefined });
  }

  async controlAbort(slot: number, seq: number): Promise<void> {
    this.assertOpen('controlAbort');
    this.emulator.controlAbort(slot, seq);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe();
    this.stopWatchingUnplug();
    this.linkLost(new ReaderLinkError('the in-process port is closed'));
  }

  private linkLost(error: ReaderLinkError): void {
    this.answers.fail(error);
    this.interrupts.fail(error);
  }

  private assertOpen(what: string): void {
    if (this.closed) throw new ReaderLinkError(`the in-process port is closed: ${what} refused`);
    if (this.emulator.faults.unplugged) throw new ReaderLinkError(`${this.identity.name} is unplugged: ${what} refused`);
  }
}
