import { parseHex, toHex } from '../../../src/core/hex.ts';
import { encodeCcid } from '../../../src/reader/ccid/message.ts';
import { ReaderEmulator, type ReaderEmulatorOptions } from '../../../simulators/reader/reader-emulator.ts';
import { READER_PROFILES } from '../../../simulators/reader/profiles.ts';
import { FakeCard, Hold, echoFirmware } from '../fixtures/echo-firmware.ts';

/** A PC_to_RDR message from its fields, abData in spaced hex. */
export function command(type: number, slot: number, seq: number, data = '', specific: [number, number, number] = [0, 0, 0]): Uint8Array {
  return encodeCcid({ type, slot, seq, specific, data: parseHex(data) });
}

/** The emulator's answers to one message, as spaced hex. */
export async function exchange(emulator: ReaderEmulator, message: Uint8Array): Promise<string[]> {
  return (await emulator.handle(message)).map(toHex);
}

export interface Bench {
  readonly emulator: ReaderEmulator;
  readonly card: FakeCard;
  readonly hold: Hold;
}

/** An emulator of `profile` running the echo firmware, a fake SLE4442 in slot 0 unless `empty`. */
export function bench(profile = 'acr39u', options: { empty?: boolean } & ReaderEmulatorOptions = {}): Bench {
  const hold = new Hold();
  const emulator = new ReaderEmulator({ profile: READER_PROFILES[profile], firmware: () => echoFirmware(hold), ...options });
  const card = new FakeCard();
  if (!options.empty) emulator.insert(0, card);
  return { emulator, card, hold };
}

/** Lets pending promise callbacks and timers of 0 ms run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
