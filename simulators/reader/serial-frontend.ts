import type { Duplex } from 'node:stream';
import { RDR_TO_PC_INTERRUPT } from '../../src/reader/ccid/constants.ts';
import type { ReaderProtocolError } from '../../src/reader/errors.ts';
import { DEFAULT_MAX_MESSAGE_LENGTH, frameMessage, GemPcTwinDecoder, NAK_FRAME, type SerialEvent } from '../../src/reader/serial/gempc-twin.ts';
import { DEFAULT_SERIAL_MODEL, serialModel } from '../../src/reader/serial/models.ts';

/** What the front end needs of a ReaderEmulator (simulators/reader/reader-emulator.ts). */
export interface SerialFrontendEmulator {
  handle(message: Uint8Array): Promise<Uint8Array[]>;
  onInterrupt(listener: (message: Uint8Array) => void): () => void;
}

export interface SerialFrontendOptions {
  /** libccid model name the emulated reader answers as; decides the echo. Default GemPCTwin (echoes). */
  readonly model?: string;
  /** Overrides the model's echo. */
  readonly echo?: boolean;
  /** Longest CCID message accepted from the host. Default 271 (GemPC Twin dwMaxCCIDMessageLength). */
  readonly maxMessageLength?: number;
  /** Bytes skipped while resynchronising, and frames answered with NAK. */
  readonly onNoise?: (error: ReaderProtocolError) => void;
  /** The emulator threw instead of answering (a bug in it); the host will time out. */
  readonly onError?: (error: unknown) => void;
}

export interface SerialFrontend {
  /** Stops listening to the stream and to the emulator's interrupts; the stream stays open. */
  detach(): void;
  /** Resolves when every frame received so far has been answered and written. */
  idle(): Promise<void>;
}

/**
 * The serial side of the emulated reader: GemPC Twin framing on a byte stream (a pty that libccid's
 * libccidtwin.so opens, or an in-memory pair in tests). Each host frame is echoed when the model
 * echoes, handed to the emulator, and its answers framed back in order; a frame with a bad LRC is
 * answered 03 15 16 (NAK) so the host resends it; NotifySlotChange interrupts leave as the two
 * card-movement bytes 50 xx (ccid_serial.c: 02 absent, 03 present; the byte is bmSlotICCState of
 * slots 0..3). Writes are serialised, so a card movement never lands inside a frame; one that fires
 * while a command is in work goes out after the echo and before the answer, the order libccid's
 * "synchronous" notification mode (Escape 01 01 01) describes.
 */
export function attachSerialFrontend(emulator: SerialFrontendEmulator, stream: Duplex, options: SerialFrontendOptions = {}): SerialFrontend {
  const echo = options.echo ?? serialModel(options.model ?? DEFAULT_SERIAL_MODEL).echo;
  const decoder = new GemPcTwinDecoder({ maxMessageLength: options.maxMessageLength ?? DEFAULT_MAX_MESSAGE_LENGTH });
  let work: Promise<void> = Promise.resolve();
  let writes: Promise<void> = Promise.resolve();
  let lastAnswerFrames: Uint8Array[] = [];
  let attached = true;

  const write = (bytes: Uint8Array): Promise<void> => {
    writes = writes.then(
      () =>
        new Promise<void>((resolve) => {
          if (!attached || stream.destroyed) return resolve();
          stream.write(Buffer.from(bytes), () => resolve());
        }),
    );
    return writes;
  };

  const answer = async (event: Extract<SerialEvent, { kind: 'message' }>): Promise<void> => {
    if (echo) void write(event.frame);
    try {
      const answers = await emulator.handle(event.message);
      lastAnswerFrames = answers.map(frameMessage);
      for (const frame of lastAnswerFrames) void write(frame);
      await writes;
    } catch (error) {
      options.onError?.(error);
    }
  };

  const onEvent = (event: SerialEvent): void => {
    switch (event.kind) {
      case 'message':
        work = work.then(() => answer(event));
        return;
      case 'bad-lrc':
        options.onNoise?.(event.error);
        work = work.then(() => write(NAK_FRAME));
        return;
      case 'nak':
        // The host asks for our last frame again.
        work = work.then(async () => {
          for (const frame of lastAnswerFrames) void write(frame);
          await writes;
        });
        return;
      case 'garbage':
        options.onNoise?.(event.error);
        return;
      case 'card-movement':
      case 'time-request':
        return; // reader-to-host signals; a host does not send them
    }
  };

  const onData = (chunk: Buffer): void => {
    for (const event of decoder.push(new Uint8Array(chunk))) onEvent(event);
  };
  stream.on('data', onData);
  const unsubscribe = emulator.onInterrupt((message) => {
    if (message[0] !== RDR_TO_PC_INTERRUPT.NotifySlotChange || message.length < 2) return; // HardwareError has no serial form
    void write(Uint8Array.of(RDR_TO_PC_INTERRUPT.NotifySlotChange, message[1]!));
  });

  return {
    detach() {
      attached = false;
      stream.off('data', onData);
      unsubscribe();
    },
    async idle() {
      await work;
      await writes;
    },
  };
}
