import type { ApduChannel } from '../apdu.ts';
import { ReaderLinkError } from '../errors.ts';
import { PcscContext, describe } from './pcsc-context.ts';
import type { PcscLiteReader } from './pcsclite-module.ts';

export interface PcscChannelOptions {
  /** How long to wait for the reader to appear and hold a card; default 5000 ms. */
  readonly timeoutMs?: number;
}

/**
 * Room for the longest short response (256 data bytes + SW1 SW2) with margin; PC/SC fails a
 * transmit whose answer does not fit (SCARD_E_INSUFFICIENT_BUFFER).
 */
const RESPONSE_BUFFER = 258 + 1024;

/**
 * An ApduChannel to the card in one PC/SC reader, shared mode, T=0 or T=1 as the ATR allows (our
 * emulated synchronous cards announce `3B 04 …`, which is T=0). Memory-card operations
 * (src/reader/memory/) run over it unchanged, against real readers or emulated ones behind vpcd.
 */
export class PcscChannel implements ApduChannel {
  private constructor(
    private readonly context: PcscContext,
    private readonly reader: PcscLiteReader,
    readonly readerName: string,
    readonly atr: Uint8Array,
    /** SCARD_PROTOCOL_T0 (1) or SCARD_PROTOCOL_T1 (2), as negotiated. */
    readonly protocol: number,
  ) {}

  static async open(readerName: string, options: PcscChannelOptions = {}): Promise<PcscChannel> {
    const timeoutMs = options.timeoutMs ?? 5000;
    const context = await PcscContext.open();
    try {
      // Readers arrive one event at a time; once they have, an unknown name will not appear.
      await context.settle(300, timeoutMs);
      if (!context.reader(readerName)) throw new ReaderLinkError(`no PC/SC reader is named "${readerName}" (readers: ${context.describeReaders()})`);
      const state = await context.until(() => context.states.find((s) => s.name === readerName && s.cardPresent), timeoutMs, `card in reader "${readerName}"`);
      const reader = context.reader(readerName);
      if (!reader) throw new ReaderLinkError(`reader "${readerName}" went away`);
      const protocol = await new Promise<number>((resolve, reject) =>
        reader.connect({ share_mode: reader.SCARD_SHARE_SHARED, protocol: reader.SCARD_PROTOCOL_T0 | reader.SCARD_PROTOCOL_T1 }, (error, negotiated) =>
          error ? reject(new ReaderLinkError(`SCardConnect to "${readerName}": ${describe(error)}`, { cause: error })) : resolve(negotiated),
        ),
      );
      return new PcscChannel(context, reader, readerName, state.atr ?? new Uint8Array(0), protocol);
    } catch (error) {
      context.close();
      throw error;
    }
  }

  transmit(command: Uint8Array): Promise<Uint8Array> {
    return new Promise((resolve, reject) =>
      this.reader.transmit(Buffer.from(command), RESPONSE_BUFFER, this.protocol, (error, response) =>
        error
          ? reject(new ReaderLinkError(`SCardTransmit on "${this.readerName}": ${describe(error)}`, { cause: error }))
          : resolve(Uint8Array.from(response)),
      ),
    );
  }

  /** SCardDisconnect leaving the card powered (SCARD_LEAVE_CARD), then releases the context. */
  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.reader.disconnect(this.reader.SCARD_LEAVE_CARD, () => resolve()));
    this.context.close();
  }
}
