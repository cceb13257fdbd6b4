import { errorMessage } from '../../core/errors.ts';
import { ReaderLinkError, ReaderTimeoutError } from '../errors.ts';
import { expectPcscdRunning } from './pcscd-socket.ts';
import { loadPcscLite, type PcscLiteContext, type PcscLiteReader } from './pcsclite-module.ts';

/** How long PC/SC must have been quiet before a context is released (see `close`). */
const QUIET_BEFORE_CLOSE_MS = 100;

/** One reader as PC/SC reports it. */
export interface PcscReaderState {
  readonly name: string;
  readonly cardPresent: boolean;
  /** The card's ATR as pcscd holds it, when a card is present. */
  readonly atr: Uint8Array | undefined;
}

/**
 * A PC/SC context (SCardEstablishContext) with the readers it has announced and their last status.
 * pcscd is found at its usual socket, or where PCSCLITE_CSOCK_NAME points (read once per process by
 * libpcsclite).
 */
export class PcscContext {
  private readonly readers = new Map<string, { reader: PcscLiteReader; state: PcscReaderState | undefined }>();
  private readonly waiters = new Set<() => void>();
  private failure: unknown;
  private lastEventAt = Date.now();

  private constructor(private readonly context: PcscLiteContext) {
    context.on('error', (error) => {
      this.failure = error;
      this.wake();
    });
    context.on('reader', (reader) => {
      const entry: { reader: PcscLiteReader; state: PcscReaderState | undefined } = { reader, state: undefined };
      this.readers.set(reader.name, entry);
      reader.on('error', (error) => {
        this.failure = error;
        this.wake();
      });
      reader.on('end', () => {
        this.readers.delete(reader.name);
        this.wake();
      });
      reader.on('status', (status) => {
        const cardPresent = (status.state & reader.SCARD_STATE_PRESENT) !== 0;
        entry.state = { name: reader.name, cardPresent, atr: cardPresent && status.atr ? Uint8Array.from(status.atr) : undefined };
        this.wake();
      });
      this.wake();
    });
  }

  static async open(): Promise<PcscContext> {
    const factory = await loadPcscLite();
    await expectPcscdRunning();
    try {
      return new PcscContext(factory());
    } catch (error) {
      throw new ReaderLinkError(`cannot establish a PC/SC context: ${errorMessage(error)}`, { cause: error });
    }
  }

  /** The readers whose first status has arrived. */
  get states(): PcscReaderState[] {
    return [...this.readers.values()].flatMap((entry) => (entry.state ? [entry.state] : []));
  }

  reader(name: string): PcscLiteReader | undefined {
    return this.readers.get(name)?.reader;
  }

  /**
   * Waits until `condition` holds, re-checking on every PC/SC event. Throws ReaderLinkError when
   * PC/SC reports an error first (pcscd not running), ReaderTimeoutError after `timeoutMs`.
   */
  async until<T>(condition: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    const started = Date.now();
    for (;;) {
      const value = condition();
      if (value !== undefined) return value;
      if (this.failure !== undefined) throw new ReaderLinkError(`PC/SC: ${errorMessage(this.failure)} (while waiting for ${what})`, { cause: this.failure });
      const left = timeoutMs - (Date.now() - started);
      if (left <= 0) throw new ReaderTimeoutError(`no ${what} within ${timeoutMs} ms (PC/SC readers: ${this.describeReaders()})`, timeoutMs);
      await new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          // A waiter that timed out must not stay behind: `until` can be called many times.
          this.waiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, left);
        this.waiters.add(done);
      });
    }
  }

  /**
   * Waits until PC/SC has been quiet (no reader or status event) for `quietMs`, at most `timeoutMs`:
   * readers and their status arrive one event at a time.
   */
  async settle(quietMs: number, timeoutMs: number): Promise<void> {
    const started = Date.now();
    let seen = JSON.stringify(this.states);
    let stableSince = started;
    while (Date.now() - stableSince < quietMs && Date.now() - started < timeoutMs) {
      if (this.failure !== undefined) throw new ReaderLinkError(`PC/SC: ${errorMessage(this.failure)}`, { cause: this.failure });
      await new Promise((resolve) => setTimeout(resolve, 25));
      const now = JSON.stringify(this.states);
      if (now !== seen) {
        seen = now;
        stableSince = Date.now();
      }
    }
  }

  describeReaders(): string {
    const states = this.states;
    return states.length === 0 ? 'none' : states.map((s) => `"${s.name}"${s.cardPresent ? ' (card)' : ''}`).join(', ');
  }

  /**
   * Releases the context. First lets PC/SC be quiet for QUIET_BEFORE_CLOSE_MS: @pokusew/pcsclite
   * 0.6 stops a reader's status thread with SCardCancel, which only reaches an SCardGetStatusChange
   * already waiting; a thread still on its way back to it after an event would never be cancelled,
   * and CardReader::Close joins it on the main thread (src/cardreader.cpp), hanging the process.
   */
  async close(): Promise<void> {
    for (;;) {
      const quietFor = Date.now() - this.lastEventAt;
      if (quietFor >= QUIET_BEFORE_CLOSE_MS) break;
      await new Promise((resolve) => setTimeout(resolve, QUIET_BEFORE_CLOSE_MS - quietFor));
    }
    for (const { reader } of this.readers.values()) reader.close();
    this.readers.clear();
    this.context.close();
  }

  private wake(): void {
    this.lastEventAt = Date.now();
    const waiters = [...this.waiters];
    this.waiters.clear();
    waiters.forEach((wake) => wake());
  }
}
