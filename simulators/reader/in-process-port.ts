import type { Clock } from '../../src/core/clock.ts';
import type { CcidClassDescriptor } from '../../src/reader/ccid/descriptor.ts';
import { ReaderLinkError, ReaderTimeoutError } from '../../src/reader/errors.ts';
import type { CcidPort, ReaderIdentity } from '../../src/reader/transport/ccid-port.ts';
import { MessageQueue } from './message-queue.ts';
import type { ReaderEmulator } from './reader-emulator.ts';

/** An answer as it reached the port, with the emulator-clock times of its command and of itself. */
interface TimedAnswer {
  readonly bytes: Uint8Array;
  readonly sentAt: number;
  readonly readyAt: number;
}

/**
 * A CcidPort straight into an emulator: `send` hands the message to `handle` without waiting (as a
 * bulk-OUT transfer completes before the answer), answers queue for `receive`, notifications for
 * `receiveInterrupt`, and `controlAbort` is the class request. Latency is judged on the emulator's
 * clock: an answer that took longer than the receive timeout there (a delay fault on a VirtualClock)
 * makes that receive time out and stays queued for the next one.
 */
export function inProcessPort(emulator: ReaderEmulator): CcidPort {
  return new InProcessPort(emulator, emulator.clock);
}

class InProcessPort implements CcidPort {
  readonly identity: ReaderIdentity;
  readonly descriptor: CcidClassDescriptor;
  private readonly answers = new MessageQueue<TimedAnswer>();
  private readonly interrupts = new MessageQueue<Uint8Array>();
  private readonly unsubscribe: () => void;
  private readonly stopWatchingUnplug: () => void;
  private closed = false;

  constructor(
    private readonly emulator: ReaderEmulator,
    private readonly clock: Clock,
  ) {
    const { profile } = emulator;
    this.identity = { transport: 'in-process', name: profile.label, vendorId: profile.vendorId, productId: profile.productId };
    this.descriptor = profile.descriptor;
    this.unsubscribe = emulator.onInterrupt((message) => this.interrupts.push(message));
    this.stopWatchingUnplug = emulator.faults.onUnplug(() => this.linkLost(new ReaderLinkError(`${profile.label} was unplugged`)));
  }

  async send(message: Uint8Array): Promise<void> {
    this.assertOpen('send');
    const sentAt = this.now();
    this.emulator.handle(Uint8Array.from(message)).then(
      (answers) => {
        const readyAt = this.now();
        for (const bytes of answers) this.answers.push({ bytes, sentAt, readyAt });
      },
      (error: unknown) => this.linkLost(error instanceof ReaderLinkError ? error : new ReaderLinkError('the emulated reader failed', { cause: error })),
    );
  }

  async receive(timeoutMs: number): Promise<Uint8Array> {
    this.assertOpen('receive');
    const answer = await this.answers.next<never>({
      timeoutMs,
      isLate: (item) => item.readyAt - item.sentAt > timeoutMs,
      expire: () => {
        throw new ReaderTimeoutError(`no answer from ${this.identity.name} within ${timeoutMs} ms`, timeoutMs);
      },
    });
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
    const error = new ReaderLinkError('the in-process port is closed');
    this.answers.fail(error);
    this.interrupts.fail(error);
  }

  private linkLost(error: ReaderLinkError): void {
    this.answers.fail(error);
    this.interrupts.fail(error);
  }

  private assertOpen(what: string): void {
    if (this.closed) throw new ReaderLinkError(`the in-process port is closed: ${what} refused`);
    if (this.emulator.faults.unplugged) throw new ReaderLinkError(`${this.identity.name} is unplugged: ${what} refused`);
  }

  private now(): number {
    return this.clock.now();
  }
}
