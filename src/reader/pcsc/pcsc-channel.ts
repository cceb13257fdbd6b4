import { errorMessage } from '../../core/errors.ts';
import type { ApduChannel } from '../apdu.ts';
import { ReaderLinkError } from '../errors.ts';
import { PcscContext, type PcscReaderState } from './pcsc-context.ts';
import { loadPcscLite, type PcscLiteReader } from './pcsclite-module.ts';
import { waitForPcscd } from './pcscd-socket.ts';

export interface PcscChannelOptions {
  /** How long to wait for the reader to appear and hold a card; default 5000 ms. */
  readonly timeoutMs?: number;
}

/**
 * What happens to the card on a reconnect (PC/SC part 5 SCardReconnect dwInitialization):
 * `reset` is SCARD_RESET_CARD (a warm reset, IFD_RESET in the driver), `unpower` is
 * SCARD_UNPOWER_CARD (power down, then up again).
 */
export type PcscResetDisposition = 'reset' | 'unpower';

/**
 * Room for the longest short response (256 data bytes + SW1 SW2) with margin; PC/SC fails a
 * transmit whose answer does not fit (SCARD_E_INSUFFICIENT_BUFFER).
 */
const RESPONSE_BUFFER = 258 + 1024;

/** How long a reconnect waits for pcscd to report the card again after the reset. */
const RECONNECT_TIMEOUT_MS = 5000;

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
    private currentAtr: Uint8Array,
    private negotiated: number,
  ) {}

  /**
   * Waits, at most `timeoutMs` in all, for pcscd to answer and for reader `readerName` to be announced
   * and hold a card. Readers arrive one PC/SC event at a time and may come after this call (pcscd
   * starting next to us, a USB reader plugged in), so an unknown name is a timeout, never an early
   * "no such reader".
   */
  static async open(readerName: string, options: PcscChannelOptions = {}): Promise<PcscChannel> {
    const timeoutMs = options.timeoutMs ?? 5000;
    const started = Date.now();
    await loadPcscLite(); // a missing package is said at once, not after waiting for pcscd
    await waitForPcscd(timeoutMs);
    const context = await PcscContext.open();
    try {
      const state = await cardIn(context, readerName, Math.max(0, timeoutMs - (Date.now() - started)), '');
      const reader = context.reader(readerName);
      if (!reader) throw new ReaderLinkError(`reader "${readerName}" went away`);
      const protocol = await connect(reader);
      return new PcscChannel(context, reader, readerName, state.atr ?? new Uint8Array(0), protocol);
    } catch (error) {
      await context.close();
      throw error;
    }
  }

  /** The card's ATR as pcscd reported it at the last connect or reconnect. */
  get atr(): Uint8Array {
    return this.currentAtr;
  }

  /** SCARD_PROTOCOL_T0 (1) or SCARD_PROTOCOL_T1 (2), as negotiated. */
  get protocol(): number {
    return this.negotiated;
  }

  transmit(command: Uint8Array): Promise<Uint8Array> {
    return new Promise((resolve, reject) =>
      this.reader.transmit(Buffer.from(command), RESPONSE_BUFFER, this.negotiated, (error, response) =>
        error
          ? reject(new ReaderLinkError(`SCardTransmit on "${this.readerName}": ${errorMessage(error)}`, { cause: error }))
          : resolve(Uint8Array.from(response)),
      ),
    );
  }

  /**
   * Resets the card and returns the ATR it answered with. @pokusew/pcsclite 0.6 has no
   * SCardReconnect, so this does in two calls what pcsc-lite's SCardReconnect does in one:
   * SCardDisconnect with SCARD_RESET_CARD or SCARD_UNPOWER_CARD (pcscd powers the card as asked,
   * winscard.c SCardDisconnect), then SCardConnect. The ATR is read in a fresh PC/SC context, whose
   * first status (SCardGetStatusChange from SCARD_STATE_UNAWARE) carries the ATR pcscd took from this
   * power-up; the monitoring context of this channel is not told of a reset that keeps the card in.
   */
  async reconnect(disposition: PcscResetDisposition): Promise<Uint8Array> {
    const action = disposition === 'reset' ? this.reader.SCARD_RESET_CARD : this.reader.SCARD_UNPOWER_CARD;
    await new Promise<void>((resolve, reject) =>
      this.reader.disconnect(action, (error) =>
        error ? reject(new ReaderLinkError(`SCardDisconnect (${disposition}) on "${this.readerName}": ${errorMessage(error)}`, { cause: error })) : resolve(),
      ),
    );
    this.negotiated = await connect(this.reader);
    this.currentAtr = await freshAtr(this.readerName);
    return this.currentAtr;
  }

  /** SCardDisconnect leaving the card powered (SCARD_LEAVE_CARD), then releases the context. */
  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.reader.disconnect(this.reader.SCARD_LEAVE_CARD, () => resolve()));
    await this.context.close();
  }
}

/** SCardConnect in shared mode, T=0 or T=1; resolves the negotiated protocol. */
function connect(reader: PcscLiteReader): Promise<number> {
  return new Promise<number>((resolve, reject) =>
    reader.connect({ share_mode: reader.SCARD_SHARE_SHARED, protocol: reader.SCARD_PROTOCOL_T0 | reader.SCARD_PROTOCOL_T1 }, (error, negotiated) =>
      error ? reject(new ReaderLinkError(`SCardConnect to "${reader.name}": ${errorMessage(error)}`, { cause: error })) : resolve(negotiated),
    ),
  );
}

function cardIn(context: PcscContext, readerName: string, timeoutMs: number, when: string): Promise<PcscReaderState> {
  return context.until(() => context.states.find((s) => s.name === readerName && s.cardPresent), timeoutMs, `card in reader "${readerName}"${when}`);
}

async function freshAtr(readerName: string): Promise<Uint8Array> {
  const context = await PcscContext.open();
  try {
    const state = await cardIn(context, readerName, RECONNECT_TIMEOUT_MS, ' after the reset');
    return state.atr ?? new Uint8Array(0);
  } finally {
    await context.close();
  }
}
