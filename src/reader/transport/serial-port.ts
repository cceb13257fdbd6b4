import type { Duplex } from 'node:stream';
import { SerialPortStream } from '@serialport/stream';
import { SerialPort } from 'serialport';
import { errorMessage } from '../../core/errors.ts';
import { bytesEqual } from '../../core/hex.ts';
import { RDR_TO_PC_INTERRUPT } from '../ccid/constants.ts';
import type { CcidClassDescriptor } from '../ccid/descriptor.ts';
import { ReaderLinkError, ReaderProtocolError, ReaderTimeoutError } from '../errors.ts';
import { DEFAULT_MAX_MESSAGE_LENGTH, frameMessage, GemPcTwinDecoder, NAK_FRAME, type SerialEvent } from '../serial/gempc-twin.ts';
import { DEFAULT_SERIAL_MODEL, serialModel } from '../serial/models.ts';
import { MessageQueue } from './message-queue.ts';
import type { CcidPort, ReaderIdentity } from './ccid-port.ts';

export interface GemPcTwinPortOptions {
  /** libccid model name (GemPCTwin, GemPCPinPad, SEC1210...); gives echo and descriptor. Default GemPCTwin. */
  readonly model?: string;
  /** Overrides the model's class descriptor: a serial link has none to read. */
  readonly descriptor?: CcidClassDescriptor;
  /** Overrides the model's echo. */
  readonly echo?: boolean;
  /** For `identity.name`: the tty path or a label. */
  readonly name?: string;
  /** Bytes skipped while resynchronising (line noise); the answer in wait is not failed by them. */
  readonly onNoise?: (error: ReaderProtocolError) => void;
  /** Closes what carries the bytes; default ends our writing side of the stream. */
  readonly closeStream?: () => Promise<void>;
  /**
   * Time-request bytes accepted while waiting for one answer before giving up with
   * ReaderTimeoutError. Default 100 (our choice: libccid sets no limit, so a reader that sends
   * them for ever would hold it for ever).
   */
  readonly timeRequestLimit?: number;
}

type Incoming = { readonly message: Uint8Array } | { readonly timeRequest: number } | { readonly error: ReaderProtocolError };

/**
 * A CcidPort over a byte stream in the GemPC Twin serial framing (src/reader/serial/gempc-twin.ts,
 * docs/reader/serial-framing.md). Frames go out as 03 06 message LRC; the echo of an echoing reader
 * is dropped; a NAK makes us resend the last frame once; card-movement bytes become NotifySlotChange
 * messages on receiveInterrupt; a time-request byte restarts the answer timeout, as each read in
 * libccid's ReadSerial waits anew, at most `timeRequestLimit` times per receive. close() stops
 * listening to the stream.
 */
export class GemPcTwinPort implements CcidPort {
  readonly identity: ReaderIdentity;
  readonly descriptor: CcidClassDescriptor;
  private readonly echo: boolean;
  private readonly decoder: GemPcTwinDecoder;
  private readonly incoming = new MessageQueue<Incoming>('deliver');
  private readonly interrupts = new MessageQueue<Uint8Array>('deliver');
  private lastMessage: Uint8Array | undefined;
  private echoPending = false;
  private resentAfterNak = false;
  private closed = false;
  private readonly timeRequestLimit: number;
  private readonly stopListening: () => void;

  constructor(
    private readonly stream: Duplex,
    private readonly options: GemPcTwinPortOptions = {},
  ) {
    const model = serialModel(options.model ?? DEFAULT_SERIAL_MODEL);
    this.descriptor = options.descriptor ?? model.descriptor;
    this.echo = options.echo ?? model.echo;
    this.identity = { transport: 'serial', name: `${options.name ?? 'serial'} (${model.name})` };
    this.decoder = new GemPcTwinDecoder({ maxMessageLength: Math.max(this.descriptor.dwMaxCCIDMessageLength, DEFAULT_MAX_MESSAGE_LENGTH) });
    this.timeRequestLimit = options.timeRequestLimit ?? 100;
    const onData = (chunk: Buffer): void => this.onBytes(new Uint8Array(chunk));
    const onError = (error: Error): void => this.lose(new ReaderLinkError(`serial link error: ${error.message}`, { cause: error }));
    const onClose = (): void => this.lose(new ReaderLinkError('serial link closed'));
    const onEnd = (): void => this.lose(new ReaderLinkError('serial link ended'));
    stream.on('data', onData).on('error', onError).on('close', onClose).on('end', onEnd);
    this.stopListening = () => {
      stream.off('data', onData).off('close', onClose).off('end', onEnd);
      // An error after close must not become an unhandled 'error' event.
      stream.off('error', onError).on('error', () => undefined);
    };
  }

  async send(message: Uint8Array): Promise<void> {
    this.throwIfLost();
    this.lastMessage = message.slice();
    this.echoPending = this.echo;
    this.resentAfterNak = false;
    await this.write(frameMessage(message));
  }

  async receive(timeoutMs: number): Promise<Uint8Array> {
    for (let timeRequests = 0; ; ) {
      const item = await this.incoming.next({ timeoutMs, expire: () => undefined });
      if (item === undefined) throw new ReaderTimeoutError(`serial reader: no frame within ${timeoutMs} ms`, timeoutMs);
      if ('message' in item) return item.message;
      if ('error' in item) throw item.error;
      // A T=0 time request: the reader is still working, wait again in full (up to the limit).
      timeRequests += 1;
      if (timeRequests > this.timeRequestLimit) {
        throw new ReaderTimeoutError(`serial reader: more than ${this.timeRequestLimit} time requests (80..FF) and no answer`, timeoutMs * timeRequests);
      }
    }
  }

  async receiveInterrupt(timeoutMs: number): Promise<Uint8Array | undefined> {
    return this.interrupts.next({ timeoutMs, expire: () => undefined });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.lose(new ReaderLinkError('serial port closed'));
    this.stopListening();
    if (this.options.closeStream) await this.options.closeStream();
    else this.stream.end();
  }

  private onBytes(chunk: Uint8Array): void {
    for (const event of this.decoder.push(chunk)) this.onEvent(event);
  }

  private onEvent(event: SerialEvent): void {
    switch (event.kind) {
      case 'message':
        if (this.echoPending && this.lastMessage && bytesEqual(event.message, this.lastMessage)) {
          this.echoPending = false;
          return;
        }
        this.incoming.push({ message: event.message });
        return;
      case 'nak':
        this.onNak();
        return;
      case 'card-movement':
        // The state byte (02 absent / 03 present, "changed" always set) is CCID's bmSlotICCState for slot 0.
        this.interrupts.push(Uint8Array.of(RDR_TO_PC_INTERRUPT.NotifySlotChange, event.state));
        return;
      case 'time-request':
        this.incoming.push({ timeRequest: event.value });
        return;
      case 'bad-lrc':
        this.incoming.push({ error: event.error });
        return;
      case 'garbage':
        this.options.onNoise?.(event.error);
        return;
    }
  }

  /**
   * After a NAK we resend the same frame (same bSeq) once, then report the second NAK. libccid
   * instead rebuilds the command with the next bSeq and replays it without limit (src/commands.c
   * CmdEscape, STATUS_COMM_NAK); the CCID layer above this port never sees the NAK, so it cannot.
   */
  private onNak(): void {
    if (this.lastMessage && !this.resentAfterNak) {
      this.resentAfterNak = true;
      this.echoPending = this.echo;
      this.write(frameMessage(this.lastMessage)).catch((error: unknown) => {
        this.incoming.push({ error: new ReaderProtocolError(`resending after NAK failed: ${String(error)}`, NAK_FRAME) });
      });
      return;
    }
    this.incoming.push({ error: new ReaderProtocolError('the reader answered NAK (03 15 16) to the resent frame too', NAK_FRAME) });
  }

  private write(frame: Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => {
      this.stream.write(Buffer.from(frame), (error) => {
        if (error) reject(new ReaderLinkError(`serial write failed: ${error.message}`, { cause: error }));
        else resolve();
      });
    });
  }

  private throwIfLost(): void {
    const failure = this.incoming.failed;
    if (failure) throw failure;
  }

  private lose(error: ReaderLinkError): void {
    this.incoming.fail(error);
    this.interrupts.fail(error);
  }
}

/** GemPC Twin line settings (ccid_serial.c OpenSerialByName): 115200 bd, 8 data bits, no parity, 2 stop bits, raw, no flow control. */
export const GEMPC_TWIN_LINE = { baudRate: 115200, dataBits: 8, parity: 'none', stopBits: 2, rtscts: false } as const;

/** A serialport binding, as SerialPortStream takes it (the bindings-interface package has no ESM types). */
export type SerialBinding = ConstructorParameters<typeof SerialPortStream>[0]['binding'];

export interface OpenSerialOptions extends Omit<GemPcTwinPortOptions, 'closeStream' | 'name'> {
  /** serialport binding; tests pass @serialport/binding-mock's MockBinding. Default: the OS serial port. */
  readonly binding?: SerialBinding;
}

/** Opens a tty with the GemPC Twin line settings and wraps it in a GemPcTwinPort. */
export async function openSerialPort(path: string, options: OpenSerialOptions = {}): Promise<GemPcTwinPort> {
  const settings = { path, ...GEMPC_TWIN_LINE, autoOpen: false };
  const port = options.binding ? new SerialPortStream({ ...settings, binding: options.binding }) : new SerialPort(settings);
  try {
    await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
  } catch (error) {
    throw new ReaderLinkError(`cannot open serial port ${path}: ${errorMessage(error)}`, { cause: error });
  }
  // libccid drops RTS so that the reader does not send its plug-and-play string; a line without
  // modem control (a pseudo-terminal, some USB-serial adapters) refuses the ioctl, and libccid then
  // logs "Set RTS to low failed" and goes on (ccid_serial.c OpenSerialByName): so do we.
  await new Promise<void>((resolve) => port.set({ rts: false }, () => resolve()));
  return new GemPcTwinPort(port, {
    ...options,
    name: path,
    closeStream: () => new Promise<void>((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve())),
  });
}
