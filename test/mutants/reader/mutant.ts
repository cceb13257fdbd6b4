import type { CardType } from '../../../src/cards/card-type.ts';
import { decodeCcid, encodeCcid, type CcidMessage } from '../../../src/reader/ccid/message.ts';
import type { ReaderEmulator } from '../../../simulators/reader/reader-emulator.ts';

/**
 * A deliberately faulty reader: the reference emulator with one of its outputs bent by a wrapper
 * around `handle`, `onInterrupt`, `controlAbort` or a slot's `transmit`, so the emulator's own code
 * stays clean. The reader suite must fail every `aims` case against it.
 */
export interface ReaderMutant {
  /** Short name, e.g. "seq-not-echoed". */
  readonly name: string;
  /** The rule the faulty reader breaks. */
  readonly breaks: string;
  /** The case ids that must fail against it. */
  readonly aims: readonly string[];
  /** The reader profile to run it on (a changed bit shows only with a second slot); the default profile otherwise. */
  readonly profile?: string;
  /** The card type to run it with; SLE4442 otherwise. */
  readonly cardType?: CardType;
  mutate(emulator: ReaderEmulator): void;
}

/** Rewrites the command before the emulator sees it and/or the answers after. */
export function wrapHandle(
  emulator: ReaderEmulator,
  answers: (request: Uint8Array, answers: Uint8Array[]) => Uint8Array[],
  request: (message: Uint8Array) => Uint8Array = (m) => m,
): void {
  const original = emulator.handle.bind(emulator);
  emulator.handle = async (message) => answers(message, await original(request(message)));
}

/** Each answer to a command of type `type` (or every command) rewritten as a decoded message. */
export function mapAnswers(emulator: ReaderEmulator, type: number | undefined, change: (answer: CcidMessage, request: Uint8Array) => CcidMessage): void {
  wrapHandle(emulator, (request, answers) => (type !== undefined && request[0] !== type ? answers : answers.map((a) => encodeCcid(change(decodeCcid(a), request)))));
}

/** Each interrupt message rewritten, or dropped when `change` returns undefined. */
export function wrapInterrupts(emulator: ReaderEmulator, change: (message: Uint8Array) => Uint8Array | undefined): void {
  const original = emulator.onInterrupt.bind(emulator);
  emulator.onInterrupt = (listener) =>
    original((message) => {
      const changed = change(message);
      if (changed) listener(changed);
    });
}

/** Every slot's firmware answers rewritten: `change` gets the APDU and the response APDU. */
export function wrapTransmit(emulator: ReaderEmulator, change: (apdu: Uint8Array, response: Uint8Array) => Uint8Array): void {
  for (const slot of emulator.slots) {
    const original = slot.transmit.bind(slot);
    slot.transmit = async (apdu) => change(apdu, await original(apdu));
  }
}

/** A copy of `message` with header byte `index` set to `value`. */
export function withByte(message: CcidMessage, index: 7 | 8 | 9, value: number): CcidMessage {
  const specific: [number, number, number] = [...message.specific];
  specific[index - 7] = value;
  return { ...message, specific };
}
